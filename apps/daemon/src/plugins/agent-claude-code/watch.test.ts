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
});
