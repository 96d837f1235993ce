import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentWatchContext, Logger } from '@ao/shared/plugin';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transcriptPath } from './paths';
import { probeClaude } from './probe';
import { TranscriptParser } from './transcript';

const noop = () => undefined;
const logger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
const SID = '275af50e-b8de-4286-bd70-37e1343a8621';
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('probeClaude (recovery: what Claude is doing now, from its files)', () => {
  let root: string;
  let configDir: string;
  let path: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ao-cprobe-'));
    configDir = join(root, 'cfg');
    path = transcriptPath(configDir, '/w/repo', SID);
    mkdirSync(join(path, '..'), { recursive: true });
    mkdirSync(join(configDir, 'sessions'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const ctx = (over: Partial<AgentWatchContext> = {}): AgentWatchContext => ({
    sessionId: 's-1',
    cwd: '/w/repo',
    sessionDir: join(root, 'sess'),
    agentSessionId: SID,
    pid: 777,
    capture: async () => '',
    logger,
    ...over,
  });
  const status = (name: string, rec: object) =>
    writeFileSync(
      join(configDir, 'sessions', name),
      JSON.stringify({ sessionId: SID, statusUpdatedAt: 1, ...rec }),
    );

  it('the status file says idle: idle now (newer than any hook before the restart), with usage', async () => {
    writeFileSync(path, fixture('transcript-commit.jsonl'));
    status('777.json', { status: 'idle' });
    const before = Date.now();
    const obs = await probeClaude(ctx(), { configDir });
    expect(obs?.signal).toMatchObject({
      activity: 'idle',
      source: 'status-file',
      detail: 'idle (read at recovery)',
    });
    expect(Date.parse(obs?.signal?.at ?? '')).toBeGreaterThanOrEqual(before);
    expect(obs?.usage).toMatchObject({ tokensIn: 3800, tokensOut: 180 });
  });

  it("finds the status file that names the session when the pid's is another's; waits on a dialog: blocked", async () => {
    status('777.json', { sessionId: 'someone-else', status: 'busy' });
    status('778.json', { status: 'waiting', waitingFor: 'input needed' });
    const screen = fixture('screens/askuser-2.1.332.txt');
    const obs = await probeClaude(ctx({ capture: async () => screen }), { configDir });
    expect(obs?.signal).toMatchObject({ activity: 'blocked', source: 'screen' });
    expect(obs?.signal?.detail).toContain('Which color should the button be?');
  });

  it('reads the transcript only from the saved offset, with the saved totals; another file starts over', async () => {
    const lines = fixture('transcript-commit.jsonl');
    writeFileSync(path, lines);
    const parser = new TranscriptParser();
    for (const l of lines.split('\n')) parser.parseLine(l);
    const saved = {
      v: 1,
      transcript: { offset: Buffer.byteLength(lines), ino: statSync(path).ino },
      parser: parser.state(),
    };
    // A garbled copy of the old lines after the offset would double usage if they were read: only the new one is.
    appendFileSync(
      path,
      `${JSON.stringify({ type: 'system', subtype: 'turn_duration', timestamp: '2026-11-27T00:00:00Z' })}\n`,
    );
    const obs = await probeClaude(ctx({ saved }), { configDir });
    expect(obs?.usage).toMatchObject({ tokensIn: 3800, tokensOut: 180 });
    // No status file (the process is gone or older): the transcript's last word, stamped now.
    expect(obs?.signal).toMatchObject({
      activity: 'idle',
      source: 'transcript',
      detail: 'turn finished (read at recovery)',
    });

    writeFileSync(`${path}.new`, fixture('transcript-tools.jsonl'));
    renameSync(`${path}.new`, path); // another file (inode) in its place
    const other = await probeClaude(
      ctx({ saved: { ...saved, transcript: { offset: 10, ino: saved.transcript.ino } } }),
      {
        configDir,
      },
    );
    expect(other?.usage).toMatchObject({ tokensIn: 300, tokensOut: 60 });
  });

  it('nothing known: null', async () => {
    expect(await probeClaude(ctx({ agentSessionId: null, pid: null }), { configDir })).toBeNull();
  });
});
