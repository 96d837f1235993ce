import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConflictsConfig } from '@ao/shared/config-conflicts';
import type { SessionConflict } from '@ao/shared/session';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/open-db';
import { actOnNewConflicts, type ConflictActions } from '../../src/fleet-signals/conflicts/conflict-notices';

describe('actOnNewConflicts (real SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ao-notices-'));
  const file = join(dir, 'ao.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const told: Array<[string, string]> = [];
  const notified: Array<{ id: string; title: string; body: string }> = [];
  const actions: ConflictActions = {
    async tell(sessionId, text) {
      told.push([sessionId, text]);
    },
    async notify(_sessionId, id, title, body) {
      notified.push({ id, title, body });
    },
  };
  const conflict: SessionConflict = { with: 'p-2', kind: 'conflict', files: ['-rf x', 'a\nb'], fileCount: 3 };
  const overlap: SessionConflict = { with: 'base', kind: 'overlap', files: ['README.md'], fileCount: 1 };

  const tell: ConflictsConfig = { enabled: true, onNew: 'tell', kinds: ['conflict'] };

  it('tells once per (session, other side, kind, files), across a reopened database', async () => {
    const db = openDb(file);
    expect(await actOnNewConflicts(db, actions, tell, 'p-1', [conflict, overlap], 'main')).toBe(1);
    expect(await actOnNewConflicts(db, actions, tell, 'p-1', [conflict], 'main')).toBe(0);
    db.$client.close();
    const again = openDb(file);
    expect(await actOnNewConflicts(again, actions, tell, 'p-1', [conflict], 'main')).toBe(0);
    const changed = { ...conflict, files: ['-rf x'], fileCount: 1 };
    expect(await actOnNewConflicts(again, actions, tell, 'p-1', [changed], 'main')).toBe(1);
    again.$client.close();
    expect(told).toHaveLength(2);
    expect(told[0]?.[1]).toContain('session p-2');
    expect(told[0]?.[1]).toContain('"-rf x", "a\\nb" (+1 more)');
  });

  it('notify: one notification per new conflict, of the configured kinds; off does nothing', async () => {
    const db = openDb(file);
    await actOnNewConflicts(
      db,
      actions,
      { enabled: true, onNew: 'notify', kinds: ['overlap'] },
      'p-3',
      [conflict, overlap],
      'main',
    );
    await actOnNewConflicts(
      db,
      actions,
      { enabled: true, onNew: 'notify', kinds: ['overlap'] },
      'p-3',
      [overlap],
      'main',
    );
    expect(notified).toHaveLength(1);
    expect(notified[0]?.title).toBe('p-3: overlapping changes with base');
    expect(notified[0]?.body).toContain('the default branch (main)');
    expect(
      await actOnNewConflicts(
        db,
        actions,
        { enabled: true, onNew: 'off', kinds: ['conflict'] },
        'p-4',
        [conflict],
        'main',
      ),
    ).toBe(0);
    db.$client.close();
  });
});
