import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentObservation, AgentWatchContext, AgentWatcher, Logger } from '@ao/shared/plugin';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notOnboardedDetail } from './claude-state';
import { transcriptPath } from './paths';
import { watchClaude } from './watch';

const noop = () => undefined;
const logger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
const SID = '275af50e-b8de-4286-bd70-37e1343a8621';

describe('watchClaude', () => {
  let root: string;
  let configDir: string;
  let seen: AgentObservation[];
  let watcher: AgentWatcher | null;
  const ctx = (over: Partial<AgentWatchContext> = {}): AgentWatchContext => ({
    sessionId: 's-1',
    cwd: '/w/repo_1',
    sessionDir: join(root, 'sess'),
    agentSessionId: SID,
    pid: null,
    capture: async () => '',
    logger,
    ...over,
  });
  const start = (c: AgentWatchContext) => {
    watcher = watchClaude(c, (o) => seen.push(o), { configDir, stateFile: join(configDir, '.claude.json') });
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ao-cwatch-'));
    configDir = join(root, 'cfg');
    mkdirSync(configDir);
    seen = [];
    watcher = null;
  });
  afterEach(() => {
    watcher?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('reports blocked with a clear message when Claude Code was never set up', async () => {
    writeFileSync(join(configDir, '.claude.json'), '{"projects":{}}');
    start(ctx());
    await expect.poll(() => seen.map((o) => o.signal?.activity), { timeout: 5000 }).toEqual(['blocked']);
    expect(seen[0]?.signal).toMatchObject({
      source: 'config',
      detail: notOnboardedDetail(),
      confidence: 'high',
    });
  });

  it('tails the transcript at its exact path as it is written, torn lines included', async () => {
    writeFileSync(join(configDir, '.claude.json'), '{"hasCompletedOnboarding":true}');
    const lines = readFileSync(join(import.meta.dirname, 'fixtures', 'transcript-commit.jsonl'), 'utf8');
    const path = transcriptPath(configDir, '/w/repo_1', SID);
    start(ctx());
    mkdirSync(join(path, '..'), { recursive: true });
    // Also a transcript of another session in the same project: never read.
    writeFileSync(
      join(path, '..', 'aaaaaaaa-0000-4000-8000-000000000000.jsonl'),
      lines.replaceAll('1000', '9999'),
    );
    const cut = lines.indexOf('"usage"', lines.indexOf('msg_e2342d30c125e3920f0d8811'));
    writeFileSync(path, lines.slice(0, cut));
    const usages = () => seen.flatMap((o) => (o.usage ? [o.usage.tokensIn] : []));
    await expect.poll(usages, { timeout: 5000 }).toEqual([1000]);
    appendFileSync(path, lines.slice(cut));
    await expect.poll(usages, { timeout: 5000 }).toEqual([1000, 2500, 3800]);
    expect(seen.find((o) => o.title)?.title).toBe('Mock session title');
    expect(seen.filter((o) => o.userTurn).map((o) => o.userTurn?.text)).toEqual([
      'TASK-COMMIT: add hello.txt and commit it',
    ]);
    expect(seen.at(-1)?.signal).toMatchObject({ activity: 'idle', source: 'transcript' });
  });

  const screenOf = (name: string) =>
    readFileSync(join(import.meta.dirname, 'fixtures', 'screens', name), 'utf8');
  const statusFile = (pid: number, status: string, extra: object = {}) => {
    mkdirSync(join(configDir, 'sessions'), { recursive: true });
    const rec = { pid, sessionId: SID, cwd: '/w/repo_1', status, statusUpdatedAt: Date.now(), ...extra };
    writeFileSync(join(configDir, 'sessions', `${pid}.json`), JSON.stringify(rec));
  };
  const onboarded = () => writeFileSync(join(configDir, '.claude.json'), '{"hasCompletedOnboarding":true}');
  const signals = () => seen.flatMap((o) => (o.signal ? [`${o.signal.source}:${o.signal.activity}`] : []));

  it('goes on from the saved offset: old lines are not reported again, usage goes on from the saved totals', async () => {
    onboarded();
    const lines = readFileSync(join(import.meta.dirname, 'fixtures', 'transcript-commit.jsonl'), 'utf8');
    const path = transcriptPath(configDir, '/w/repo_1', SID);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, lines);
    const saves: Array<Record<string, unknown>> = [];
    start(ctx({ save: (st) => saves.push(st) }));
    await expect.poll(() => saves.length, { timeout: 5000 }).toBeGreaterThan(0);
    watcher?.close();
    const saved = saves.at(-1) as { transcript: { offset: number } };
    expect(saved.transcript.offset).toBe(Buffer.byteLength(lines));

    seen = [];
    const more =
      lines
        .split('\n')
        .filter((l) => l.includes('"type":"assistant"'))
        .at(-1) ?? '';
    const next = more.replaceAll('msg_', 'msg_x').replace('"output_tokens":70', '"output_tokens":7');
    start(ctx({ saved: saves.at(-1), save: (st) => saves.push(st) }));
    appendFileSync(path, `${next}\n`);
    await expect
      .poll(() => seen.flatMap((o) => (o.usage ? [o.usage.tokensOut] : [])), { timeout: 5000 })
      .toEqual([187]);
    expect(seen.some((o) => o.userTurn)).toBe(false); // the prompt read before the restart is not a new turn
  });

  it('Claude waits: a permission prompt on screen stays waiting_input; a dialog is blocked with its words', async () => {
    onboarded();
    let screen = screenOf('permbash-2.1.332.txt');
    statusFile(4242, 'waiting', { waitingFor: 'permission prompt' });
    start(ctx({ pid: 4242, capture: async () => screen }));
    await expect.poll(signals, { timeout: 5000 }).toContain('status-file:waiting_input');
    screen = screenOf('askuser-2.1.197.txt');
    statusFile(4242, 'busy');
    await expect.poll(signals, { timeout: 5000 }).toContain('status-file:working');
    statusFile(4242, 'waiting', { waitingFor: 'permission prompt' });
    await expect.poll(signals, { timeout: 5000 }).toContain('screen:blocked');
    expect(seen.at(-1)?.signal?.detail).toContain('Which color should the button be?');
  });

  it('idle after a turn the API refused stays blocked; a message Claude put back unsent is dropped', async () => {
    onboarded();
    const path = transcriptPath(configDir, '/w/repo_1', SID);
    mkdirSync(join(path, '..'), { recursive: true });
    const error = readFileSync(
      join(import.meta.dirname, 'fixtures', 'transcript-api-error-2.1.332.jsonl'),
      'utf8',
    );
    writeFileSync(path, error);
    statusFile(4243, 'idle');
    start(ctx({ pid: 4243 }));
    await expect.poll(signals, { timeout: 5000 }).toContain('transcript:blocked');
    expect(signals()).not.toContain('status-file:idle');

    const ts = (ms: number) => new Date(Date.now() - ms).toISOString();
    const op = (operation: string, ms: number, content?: string) =>
      JSON.stringify({ type: 'queue-operation', operation, timestamp: ts(ms), sessionId: SID, content });
    appendFileSync(path, `${op('enqueue', 4000, 'put back')}\n${op('dequeue', 3000)}\n`);
    statusFile(4243, 'busy');
    await expect.poll(() => seen.some((o) => o.queued?.text === 'put back'), { timeout: 5000 }).toBe(true);
    statusFile(4243, 'idle');
    await expect
      .poll(() => seen.find((o) => o.dropped)?.dropped, { timeout: 8000 })
      .toMatchObject({
        texts: ['put back'],
        reason: 'Claude put it back into its prompt box, unsent (interrupted)',
      });
  });

  it("a turn confirmed late (2.1.197 writes a one-second turn's user line after its end): Claude's status again, now", async () => {
    onboarded();
    const path = transcriptPath(configDir, '/w/repo_1', SID);
    mkdirSync(join(path, '..'), { recursive: true });
    statusFile(4244, 'idle');
    writeFileSync(path, '');
    start(ctx({ pid: 4244 }));
    await expect.poll(signals, { timeout: 5000 }).toEqual(['status-file:idle']);
    const user = { type: 'user', timestamp: new Date(Date.now() - 2000).toISOString(), sessionId: SID };
    appendFileSync(path, `${JSON.stringify({ ...user, message: { role: 'user', content: 'TASK hi' } })}\n`);
    await expect
      .poll(signals, { timeout: 5000 })
      .toEqual(['status-file:idle', 'transcript:working', 'status-file:idle']);
    const last = seen.flatMap((o) => (o.signal ? [o.signal] : [])).at(-1);
    expect(Date.parse(last?.at ?? '')).toBeGreaterThan(Date.parse(user.timestamp));
  });
});
