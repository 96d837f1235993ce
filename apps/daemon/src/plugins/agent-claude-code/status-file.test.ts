import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentObservation, Logger } from '@ao/shared/plugin';
import { afterEach, describe, expect, it } from 'vitest';
import { statusFileSignal } from './status-file';
import { watchStatusFile } from './status-watch';

const SID = '11111111-2222-4333-8444-555555555555';
// As written by claude 2.1.197 (trimmed).
const file = (status: string, extra: object = {}, sessionId = SID) =>
  JSON.stringify({ pid: 10411, sessionId, cwd: '/r', status, statusUpdatedAt: 1795475226070, ...extra });

const noop = () => undefined;
const logger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

describe('statusFileSignal', () => {
  it('maps busy, waiting (with waitingFor) and idle', () => {
    expect(statusFileSignal(file('busy'), SID)).toMatchObject({ activity: 'working', source: 'status-file' });
    expect(statusFileSignal(file('waiting', { waitingFor: 'permission prompt' }), SID)).toEqual({
      activity: 'waiting_input',
      source: 'status-file',
      detail: 'waiting for permission prompt',
      confidence: 'high',
      at: new Date(1795475226070).toISOString(),
    });
    expect(statusFileSignal(file('idle'), SID)?.activity).toBe('idle');
  });

  it('ignores a file from another session, unknown states and garbage', () => {
    expect(statusFileSignal(file('busy', {}, 'aaaaaaaa-2222-4333-8444-555555555555'), SID)).toBeNull();
    expect(statusFileSignal(file('compacting'), SID)).toBeNull();
    expect(statusFileSignal('{"status":', SID)).toBeNull();
  });
});

describe('watchStatusFile', () => {
  let dir = '';
  let stop: (() => void) | null = null;
  afterEach(() => {
    stop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('emits changes of the pid file, skips another session, and reports exit when file and pid are gone', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ao-status-'));
    mkdirSync(join(dir, 'sessions'));
    const path = join(dir, 'sessions', '4242.json');
    writeFileSync(path, file('busy', {}, 'ffffffff-2222-4333-8444-555555555555'));
    let alive = true;
    const seen: AgentObservation[] = [];
    stop = watchStatusFile(
      { configDir: dir, agentSessionId: SID, pid: 4242, logger, isAlive: () => alive },
      (o) => seen.push(o),
    );
    const activities = () => seen.map((o) => o.signal?.activity);
    writeFileSync(path, file('busy'));
    await expect.poll(activities, { timeout: 5000 }).toEqual(['working']);
    writeFileSync(path, file('waiting', { waitingFor: 'permission prompt' }));
    await expect.poll(activities, { timeout: 5000 }).toEqual(['working', 'waiting_input']);
    rmSync(path);
    alive = false;
    await expect.poll(activities, { timeout: 5000 }).toEqual(['working', 'waiting_input', 'exited']);
    expect(seen[2]?.signal).toMatchObject({ source: 'process', confidence: 'high' });
  });
});
