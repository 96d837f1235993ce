import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRolloutFinder, dayDirs } from './find-rollout';

const home = mkdtempSync(join(tmpdir(), 'ao-codex-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function rollout(dir: string, id: string, cwd: string, startedAt: number): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `rollout-2026-11-23T10-00-00-${id}.jsonl`);
  const meta = { type: 'session_meta', payload: { id, cwd, timestamp: new Date(startedAt).toISOString() } };
  writeFileSync(path, `${JSON.stringify(meta)}\n`);
  return path;
}

describe('codex rollout finder', () => {
  const now = Date.now();
  const today = dayDirs(home, now)[0] ?? '';

  it('picks the newest rollout for the cwd started after launch, ignoring other cwds and older runs', async () => {
    rollout(today, 'old', '/w/a', now - 3600_000);
    utimesSync(
      join(today, 'rollout-2026-11-23T10-00-00-old.jsonl'),
      (now - 3600_000) / 1000,
      (now - 3600_000) / 1000,
    );
    rollout(today, 'other', '/w/b', now + 10);
    const finder = createRolloutFinder({ home, cwds: ['/w/a'], threadId: null, since: now });
    expect(await finder.find()).toBeNull();
    const mine = rollout(today, 'mine', '/w/a', now + 20);
    const newer = rollout(today, 'mine2', '/w/a', now + 30);
    expect(await finder.find()).toBe(newer);
    expect(mine).not.toBe(newer);
    rollout(today, 'mine3', '/w/a', now + 40);
    expect(await finder.find()).toBe(newer); // found once, then fixed
  });

  it('waits while the first line is incomplete', async () => {
    mkdirSync(today, { recursive: true });
    const path = join(today, 'rollout-2026-11-23T10-00-00-torn.jsonl');
    writeFileSync(path, '{"type":"session_meta","payload":{"id":"torn","cwd":"/w/c"');
    const finder = createRolloutFinder({ home, cwds: ['/w/c'], threadId: null, since: now });
    expect(await finder.find()).toBeNull();
    writeFileSync(path, `{"type":"session_meta","payload":{"id":"torn","cwd":"/w/c"}}\n`);
    expect(await finder.find()).toBe(path);
  });

  it('finds a resumed session by thread id in any day folder', async () => {
    const path = rollout(
      join(home, 'sessions', '2025', '01', '02'),
      'resume-me',
      '/w/d',
      now - 86400_000 * 300,
    );
    const finder = createRolloutFinder({ home, cwds: ['/w/d'], threadId: 'resume-me', since: now });
    expect(await finder.find()).toBe(path);
  });
});
