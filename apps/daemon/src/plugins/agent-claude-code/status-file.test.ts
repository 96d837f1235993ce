import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentObservation, Logger } from '@ao/shared/plugin';
import { afterEach, describe, expect, it } from 'vitest';
import { readStatusFile, statusFileSignal } from './status-file';
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

describe('watchStatusFile with many sessions', () => {
  let dir = '';
  const stops: Array<() => void> = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("reads a session's status file on its own changes only, never on another session's", async () => {
    dir = mkdtempSync(join(tmpdir(), 'ao-status-'));
    mkdirSync(join(dir, 'sessions'));
    const sid = (n: number) => `${String(n).padStart(8, '0')}-2222-4333-8444-555555555555`;
    const reads = new Map<string, number>();
    const read = async (path: string) => {
      reads.set(path, (reads.get(path) ?? 0) + 1);
      return readFileSync(path, 'utf8');
    };
    const seen: Array<{ n: number; activity?: string }> = [];
    for (let n = 1; n <= 20; n++) {
      const path = join(dir, 'sessions', `${5000 + n}.json`);
      writeFileSync(path, file('idle', {}, sid(n)));
      stops.push(
        watchStatusFile(
          { configDir: dir, agentSessionId: sid(n), pid: 5000 + n, logger, isAlive: () => true, read },
          (o) => seen.push({ n, activity: o.signal?.activity }),
        ),
      );
    }
    await expect.poll(() => seen.length, { timeout: 5000 }).toBe(20);
    const before = new Map(reads);
    const busy = join(dir, 'sessions', '5001.json');
    for (let i = 0; i < 10; i++) {
      writeFileSync(busy, file(i % 2 === 0 ? 'busy' : 'idle', { statusUpdatedAt: i }, sid(1)));
      await new Promise((r) => setTimeout(r, 30));
    }
    await expect.poll(() => seen.filter((s) => s.n === 1).length, { timeout: 5000 }).toBeGreaterThan(1);
    await new Promise((r) => setTimeout(r, 1500)); // a poll of every watcher passes
    const othersRead = [...reads].filter(([p, c]) => p !== busy && c !== before.get(p)).length;
    expect(othersRead).toBe(0);
    expect((reads.get(busy) ?? 0) - (before.get(busy) ?? 0)).toBeGreaterThan(0);
  });
});

describe('readStatusFile', () => {
  const config = mkdtempSync(join(tmpdir(), 'ao-status-read-'));
  const dir = join(config, 'sessions');
  mkdirSync(dir);
  afterEach(() => rmSync(config, { recursive: true, force: true }));

  it('reads <pid>.json when it names the session, else the file that does, always as it is now', async () => {
    const other = 'aaaaaaaa-2222-4333-8444-555555555555';
    writeFileSync(join(dir, '100.json'), file('busy', {}, other));
    writeFileSync(join(dir, '200.json'), file('busy'));
    for (let i = 0; i < 50; i++) writeFileSync(join(dir, `${300 + i}.json`), file('idle', {}, `${i}`));
    // the pane's pid (a wrapper's) names another session: the file naming ours is found
    expect(statusFileSignal((await readStatusFile(config, 100, SID)) ?? '', SID)?.activity).toBe('working');
    // read fresh each time, even within the shared scan's second
    writeFileSync(join(dir, '200.json'), file('idle'));
    expect(statusFileSignal((await readStatusFile(config, 100, SID)) ?? '', SID)?.activity).toBe('idle');
    // the file moved (Claude restarted with another pid): a new scan finds it
    renameSync(join(dir, '200.json'), join(dir, '201.json'));
    expect(statusFileSignal((await readStatusFile(config, null, SID)) ?? '', SID)?.activity).toBe('idle');
    expect(await readStatusFile(config, 100, '99999999-2222-4333-8444-555555555555')).toBeNull();
    expect(await readStatusFile(config, 100, null)).toContain(other); // no session id: the pid's file as it is
  });
});
