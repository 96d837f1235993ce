import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AoEvent } from '@ao/shared/events';
import type { Session } from '@ao/shared/session';
import { createParser } from 'eventsource-parser';
import { transcriptPath } from '../../src/plugins/agent-claude-code';
import { claudeCwd } from '../../src/plugins/agent-claude-code/paths';
import { exec } from '../../src/util/exec';
import { CLAUDE_BIN } from '../helpers/agent-bins';
import { type AnthropicMock, startAnthropicMock } from '../mocks/anthropic-mock';

export const API_KEY = 'sk-ant-api03-ao-e2e-key-0123456789abcdefghijklmn';
export const MODEL = 'claude-sonnet-4-5';

/** A throwaway Claude config dir (onboarding done, as FACTS.md says) and the mock Anthropic API it talks to. */
export interface ClaudeEnv {
  root: string;
  configDir: string;
  mock: AnthropicMock;
  /** `agents.claude-code` settings for an ao.config.yaml. */
  agentSettings(permissions: 'default' | 'auto-edit' | 'skip'): Record<string, unknown>;
  /** The agent's transcript for a session (its worktree and Claude session id). */
  transcript(session: Pick<Session, 'worktreePath' | 'agentSessionId'>): string;
  close(): Promise<void>;
}

export async function startClaudeEnv(): Promise<ClaudeEnv> {
  const root = mkdtempSync(join(tmpdir(), 'ao-e2e-'));
  const configDir = join(root, 'claude-config');
  mkdirSync(configDir);
  writeFileSync(join(configDir, '.claude.json'), JSON.stringify({ hasCompletedOnboarding: true }));
  const mock = await startAnthropicMock();
  return {
    root,
    configDir,
    mock,
    agentSettings: (permissions) => ({
      binary: CLAUDE_BIN,
      configDir,
      permissions,
      model: MODEL,
      env: {
        ANTHROPIC_BASE_URL: mock.url,
        ANTHROPIC_API_KEY: API_KEY,
        DISABLE_AUTOUPDATER: '1',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        GIT_AUTHOR_NAME: 'ao test',
        GIT_AUTHOR_EMAIL: 'ao@test.invalid',
        GIT_COMMITTER_NAME: 'ao test',
        GIT_COMMITTER_EMAIL: 'ao@test.invalid',
        GIT_CONFIG_NOSYSTEM: '1',
      },
    }),
    transcript: (s) => {
      if (!s.agentSessionId) throw new Error('session has no agentSessionId');
      return readFileSync(transcriptPath(configDir, claudeCwd(s.worktreePath), s.agentSessionId), 'utf8');
    },
    async close() {
      await mock.close();
      if (process.env['AO_KEEP_TMP'] !== '1') rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Live PIDs of Claude processes, from their status files (`<configDir>/sessions/<pid>.json`). */
export function claudePids(configDir: string): Array<{ pid: number; sessionId: string }> {
  const dir = join(configDir, 'sessions');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []; // no Claude has started yet
    throw err;
  }
  return names.flatMap((name) => {
    const pid = Number(name.replace(/\.json$/, ''));
    if (!Number.isInteger(pid)) return [];
    try {
      const data = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { sessionId?: string };
      return [{ pid, sessionId: data.sessionId ?? '' }];
    } catch (err) {
      // The file vanished or is half-written while Claude exits/rewrites it: not a live entry right now.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || err instanceof SyntaxError) return [];
      throw err;
    }
  });
}

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: the process is gone.
    return false;
  }
};

/** Waits (bounded) until every pid has exited; Claude writes into its config dir while it exits. */
export async function waitForExit(pids: number[], timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

/** Stops ao's tmux server of a test daemon (tmux sessions outlive the daemon on purpose). */
export async function killTmuxServer(dataDir: string): Promise<void> {
  await exec('tmux', ['-S', join(dataDir, 'tmux.sock'), 'kill-server']).catch(
    () => undefined, // no server left: nothing to stop
  );
}

export interface TimedEvent {
  event: AoEvent;
  /** Date.now() when the test received it. */
  receivedAt: number;
}

/** An SSE client of `GET /api/events` that timestamps each event and wakes waiters as events arrive. */
export class EventStream {
  readonly events: TimedEvent[] = [];
  private readonly controller = new AbortController();
  private waiters: Array<() => void> = [];
  private readonly done: Promise<void>;

  constructor(url: string, token: string) {
    this.done = (async () => {
      const res = await fetch(`${url}/api/events`, {
        headers: { authorization: `Bearer ${token}` },
        signal: this.controller.signal,
      });
      if (!res.body) throw new Error(`no body (HTTP ${res.status})`);
      const parser = createParser({
        onEvent: (ev) => {
          if (ev.event === 'snapshot') return;
          this.events.push({ event: JSON.parse(ev.data) as AoEvent, receivedAt: Date.now() });
          for (const w of [...this.waiters]) w();
        },
      });
      const decoder = new TextDecoder();
      for await (const chunk of res.body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
    })().catch((err: Error) => {
      if (err.name !== 'AbortError') throw err;
    });
  }

  /** Session activity changes of one session, in order: `from→to (source)`. */
  activities(sessionId: string, from = 0): Array<{ to: string; source: string; detail: string }> {
    return this.events
      .slice(from)
      .flatMap(({ event }) =>
        event.type === 'session.activity' && event.data.session.id === sessionId
          ? [{ to: event.data.to, source: event.data.evidence.source, detail: event.data.evidence.detail }]
          : [],
      );
  }

  /** Resolves with the first event (from index `from` on) matching `pred`; rejects on timeout with what came. */
  waitFor(
    pred: (e: AoEvent) => boolean,
    label: string,
    opts: { from?: number; timeoutMs?: number } = {},
  ): Promise<TimedEvent> {
    const from = opts.from ?? 0;
    return new Promise((resolvePromise, reject) => {
      const check = (): void => {
        const hit = this.events.slice(from).find((e) => pred(e.event));
        if (!hit) return;
        this.waiters = this.waiters.filter((w) => w !== check);
        clearTimeout(timer);
        resolvePromise(hit);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        const seen = this.events
          .slice(from)
          .map(({ event }) => describe(event))
          .join('\n');
        reject(new Error(`timed out waiting for ${label}; events:\n${seen}`));
      }, opts.timeoutMs ?? 60_000);
      this.waiters.push(check);
      check();
    });
  }

  /** Waits for a `session.activity` of `sessionId` to `to` (and optionally matching `also`). */
  activity(
    sessionId: string,
    to: string,
    opts: {
      from?: number;
      timeoutMs?: number;
      also?: (e: AoEvent & { type: 'session.activity' }) => boolean;
    } = {},
  ): Promise<TimedEvent> {
    return this.waitFor(
      (e) =>
        e.type === 'session.activity' &&
        e.data.session.id === sessionId &&
        e.data.to === to &&
        (opts.also?.(e) ?? true),
      `${sessionId} activity ${to}`,
      opts,
    );
  }

  get length(): number {
    return this.events.length;
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.done;
  }
}

function describe(event: AoEvent): string {
  if (event.type === 'session.activity') {
    const { from, to, evidence } = event.data;
    return `${event.type} ${from}→${to} [${evidence.source}] ${evidence.detail}`;
  }
  if (event.type === 'session.status_changed') return `${event.type} ${event.data.from}→${event.data.to}`;
  if (event.type === 'session.message')
    return `${event.type} ${event.data.message.state} ${event.data.message.detail ?? ''}`;
  return event.type;
}

/** Hook-to-SSE latency: for each activity event whose evidence came from a hook, SSE receipt minus hook receipt. */
export function hookLatencies(events: readonly TimedEvent[]): number[] {
  return events.flatMap(({ event, receivedAt }) =>
    event.type === 'session.activity' && event.data.evidence.source.startsWith('hook:')
      ? [receivedAt - Date.parse(event.data.evidence.at)]
      : [],
  );
}

export function summarize(ms: number[]): string {
  if (ms.length === 0) return 'no samples';
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return `n=${sorted.length} min=${sorted[0]} median=${at(0.5)} p90=${at(0.9)} max=${sorted.at(-1)} ms`;
}
