import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecFn, Logger, PluginContext, Workspace, WorkspaceCreateOptions } from '@ao/shared/plugin';
import { type GitFixture, makeGitFixture } from '@ao/testkit';
import { afterEach, beforeEach } from 'vitest';
import { exec } from '../../src/util/exec';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object | string;
  msg?: string;
}

export interface TestContext {
  ctx: PluginContext;
  dataDir: string;
  logs: LogLine[];
  /** Every git argv the plugin ran, in order. */
  calls: string[][];
  cleanup(): void;
}

/** A plugin context with the real `exec` (recorded) and a logger that keeps what it was told. */
export function makeTestContext(): TestContext {
  const dataDir = mkdtempSync(join(tmpdir(), 'ao-data-'));
  const logs: LogLine[] = [];
  const calls: string[][] = [];
  const logger: Logger = {
    debug: (obj, msg) => logs.push({ level: 'debug', obj, msg }),
    info: (obj, msg) => logs.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => logs.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => logs.push({ level: 'error', obj, msg }),
  };
  const recording: ExecFn = (file, args, opts) => {
    calls.push([file, ...args]);
    return exec(file, args, opts);
  };
  return {
    ctx: { dataDir, logger, exec: recording },
    dataDir,
    logs,
    calls,
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** The messages logged at `level`. */
export function logged(logs: LogLine[], level: LogLine['level']): string[] {
  return logs.filter((l) => l.level === level).map((l) => l.msg ?? String(l.obj));
}

/** Runs `fn` and returns what it threw (failing the test when it did not throw). */
export async function thrown(fn: () => Promise<unknown>): Promise<Error & { code?: string; field?: string }> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`threw a non-Error: ${String(err)}`);
  }
  throw new Error('expected a rejection, but it resolved');
}

/** What every workspace test works on: a repo with a bare remote, a recording context, the plugin, its options. */
export interface WorkspaceSetup {
  fx: GitFixture;
  t: TestContext;
  ws: Workspace;
  /** Where workspaces go (`<dataDir>/worktrees`). */
  root: string;
  /** Create options for session demo-1 on `ao/demo-1`, with overrides. */
  opts(over?: Partial<WorkspaceCreateOptions>): WorkspaceCreateOptions;
  /** The sha of `branch` on the bare remote. */
  remoteBranchSha(branch: string): Promise<string>;
}

/**
 * Registers beforeEach/afterEach that give each test a fresh fixture and a fresh instance of `plugin` (default
 * config); returns the object they fill in (read its fields inside the tests).
 */
export function useWorkspace(plugin: {
  create(config: never, ctx: PluginContext): Workspace;
  configSchema: { parse(v: unknown): unknown };
}): WorkspaceSetup {
  const s = {
    opts: (over: Partial<WorkspaceCreateOptions> = {}): WorkspaceCreateOptions => ({
      sessionId: 'demo-1',
      repoPath: s.fx.repo,
      remote: 'origin',
      baseBranch: 'main',
      branch: 'ao/demo-1',
      path: join(s.root, 'demo', 'demo-1'),
      ...over,
    }),
    remoteBranchSha: (branch: string) => s.fx.git(['rev-parse', `refs/heads/${branch}`], s.fx.remote),
  } as WorkspaceSetup;
  beforeEach(async () => {
    s.fx = await makeGitFixture();
    s.t = makeTestContext();
    s.root = join(s.t.dataDir, 'worktrees');
    s.ws = plugin.create(plugin.configSchema.parse({}) as never, s.t.ctx);
  });
  afterEach(() => {
    s.fx.cleanup();
    s.t.cleanup();
  });
  return s;
}
