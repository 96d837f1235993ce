import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  Agent,
  AgentLaunchPlan,
  AgentObservation,
  AgentWatcher,
  Logger,
  Runtime,
  RuntimeHandle,
} from '@ao/shared/plugin';
import { type GitFixture, makeGitFixture } from '@ao/testkit';
import { agentClaudeCode } from '../../src/plugins/agent-claude-code';
import { claudeCodeConfigSchema } from '../../src/plugins/agent-claude-code/config';
import { runtimeTmux } from '../../src/plugins/runtime-tmux';
import { exec } from '../../src/util/exec';
import { type AnthropicMock, startAnthropicMock } from '../mocks/anthropic-mock';
import { CLAUDE_BIN } from './claude-bins';

export { CLAUDE_BIN } from './claude-bins';
export const API_KEY = 'sk-ant-api03-ao-test-key-0123456789abcdefghijklmn';

export interface Seen {
  via: 'hook' | 'watch';
  obs: AgentObservation;
  /** The raw hook payload, for hooks. */
  raw?: Record<string, unknown>;
}

const noop = () => undefined;
export const quietLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

/**
 * Everything a real-CLI test needs: mock API, git repo, throwaway config dir, hook receiver, and ao's real tmux
 * runtime on a private socket.
 */
export class ClaudeHarness {
  readonly seen: Seen[] = [];
  readonly hookSecret = 'test-hook-secret';
  agent!: Agent;
  mock!: AnthropicMock;
  git!: GitFixture;
  runtime!: Runtime;
  tmuxSocket!: string;
  root!: string;
  configDir!: string;
  hookUrl!: string;
  private hookServer!: Server;
  private waiters: Array<() => void> = [];
  private watchers: AgentWatcher[] = [];
  private pids: number[] = [];
  private handles: RuntimeHandle[] = [];

  static async start(opts: {
    permissions: 'default' | 'auto-edit' | 'skip';
    /** The claude executable (default: the pinned one). */
    bin?: string;
    /** Another runtime than ao's tmux on a private socket (the container runtime's test), made for the temp dir. */
    runtime?: (root: string) => Runtime;
  }): Promise<ClaudeHarness> {
    const h = new ClaudeHarness();
    h.root = mkdtempSync(join(tmpdir(), 'ao-claude-'));
    h.configDir = join(h.root, 'claude-config');
    mkdirSync(h.configDir);
    // Seeded per FACTS.md: onboarding done. Trust and API-key approval are the plugin's job.
    writeFileSync(join(h.configDir, '.claude.json'), JSON.stringify({ hasCompletedOnboarding: true }));
    h.mock = await startAnthropicMock();
    h.git = await makeGitFixture('demo');
    h.tmuxSocket = join(h.root, 'tmux.sock');
    h.runtime =
      opts.runtime?.(h.root) ??
      runtimeTmux.create(runtimeTmux.configSchema.parse({ socket: h.tmuxSocket }), {
        dataDir: h.root,
        logger: quietLogger,
        exec,
      });
    await h.startHookServer();
    const config = claudeCodeConfigSchema.parse({
      binary: opts.bin ?? CLAUDE_BIN,
      configDir: h.configDir,
      permissions: opts.permissions,
      model: 'claude-sonnet-4-5',
      env: {
        ANTHROPIC_BASE_URL: h.mock.url,
        ANTHROPIC_API_KEY: API_KEY,
        DISABLE_AUTOUPDATER: '1',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        GIT_AUTHOR_NAME: 'ao test',
        GIT_AUTHOR_EMAIL: 'ao@test.invalid',
        GIT_COMMITTER_NAME: 'ao test',
        GIT_COMMITTER_EMAIL: 'ao@test.invalid',
      },
    });
    h.agent = agentClaudeCode.create(config, {
      dataDir: h.root,
      logger: quietLogger,
      exec: async () => ({ stdout: '', stderr: '' }),
    });
    return h;
  }

  private async startHookServer(): Promise<void> {
    this.hookServer = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.headers['x-ao-hook-secret'] !== this.hookSecret) {
          res.writeHead(401).end();
          return;
        }
        const raw = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        const obs = this.agent.onHook?.(raw) ?? null;
        if (obs) this.push({ via: 'hook', obs, raw });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => this.hookServer.listen(0, '127.0.0.1', r));
    this.hookUrl = `http://127.0.0.1:${(this.hookServer.address() as AddressInfo).port}/api/hooks/s-1`;
  }

  push(s: Seen): void {
    this.seen.push(s);
    for (const w of [...this.waiters]) w();
  }

  /** Launches through the plugin into tmux and starts `watch`. */
  async launch(
    name: string,
    prompt: string | null,
    resume: string | null = null,
  ): Promise<{ plan: AgentLaunchPlan; handle: RuntimeHandle }> {
    const sessionDir = join(this.root, 'sessions', name);
    const plan = await this.agent.launch({
      sessionId: name,
      projectId: 'demo',
      cwd: this.git.repo,
      prompt,
      sessionDir,
      hookUrl: this.hookUrl,
      hookSecret: this.hookSecret,
      resume: resume ? { agentSessionId: resume } : null,
    });
    const handle = await this.runtime.spawn({
      sessionId: name,
      cwd: this.git.repo,
      command: plan.command,
      env: plan.env,
      mounts: [sessionDir, ...(this.agent.stateDirs?.() ?? [])],
    });
    this.handles.push(handle);
    const pid = await this.runtime.pid(handle);
    if (pid !== null) this.pids.push(pid);
    const watcher = this.agent.watch?.(
      {
        sessionId: name,
        cwd: this.git.repo,
        sessionDir,
        agentSessionId: plan.agentSessionId,
        pid,
        capture: () => this.runtime.capture(handle),
        logger: quietLogger,
      },
      (obs) => this.push({ via: 'watch', obs }),
    );
    if (watcher) this.watchers.push(watcher);
    return { plan, handle };
  }

  /** Resolves with the first observation (from index `from` on) matching `pred`; rejects with the log on timeout. */
  waitFor(
    pred: (s: Seen) => boolean,
    label: string,
    opts: { from?: number; timeoutMs?: number } = {},
  ): Promise<Seen> {
    const from = opts.from ?? 0;
    const timeoutMs = opts.timeoutMs ?? 45_000;
    return new Promise((resolvePromise, reject) => {
      const check = (): boolean => {
        const hit = this.seen.slice(from).find(pred);
        if (!hit) return false;
        this.waiters = this.waiters.filter((w) => w !== waiter);
        clearTimeout(timer);
        resolvePromise(hit);
        return true;
      };
      const waiter = (): void => void check();
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out waiting for ${label}; seen:\n${this.describe(from)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
      check();
    });
  }

  describe(from = 0): string {
    return this.seen
      .slice(from)
      .map((s) => `${s.via} ${JSON.stringify(s.obs)}`)
      .join('\n');
  }

  signals(from = 0): string[] {
    return this.seen
      .slice(from)
      .flatMap((s) => (s.obs.signal ? [`${s.obs.signal.source}:${s.obs.signal.activity}`] : []));
  }

  async close(): Promise<void> {
    for (const w of this.watchers) w.close();
    for (const handle of this.handles) await this.runtime.kill(handle);
    await exec('tmux', ['-S', this.tmuxSocket, 'kill-server']).catch(() => undefined); // no server left: fine
    // Claude writes into its config dir while it exits: wait for it before removing the directory.
    await waitForExit(this.pids, 15_000);
    await this.mock.close();
    await new Promise<void>((r) => this.hookServer.close(() => r()));
    // AO_KEEP_TMP=1 keeps the config dir, transcripts and repo for inspection.
    if (process.env['AO_KEEP_TMP'] === '1') return;
    this.git.cleanup();
    rmSync(this.root, { recursive: true, force: true });
  }
}

export const isHook = (name: string) => (s: Seen) => s.obs.signal?.source === `hook:${name}`;

async function waitForExit(pids: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      // ESRCH: the process is gone, which is what we wait for.
      return false;
    }
  };
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

/** Whether an observation confirming a turn came from the turn itself (transcript, or the Stop of that turn), not
 * from a prompt hook that arrived first (a prompt hook proves no turn: the prompt may still be cancelled). */
export function confirmedByATurn(s: Seen): boolean {
  if (s.via === 'watch') return true;
  const event = s.raw?.['hook_event_name'];
  return event === 'Stop' || (event === 'UserPromptSubmit' && s.obs.signal?.detail === 'turn finished');
}
