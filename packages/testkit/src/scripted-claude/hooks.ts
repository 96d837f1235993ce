import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Runs Claude Code hooks the way Claude does, from the settings file it was given: `"type": "http"` hooks are POSTed
 * by the agent itself (no process), `"type": "command"` hooks run through `sh -c` with the payload on stdin.
 */

export type HookSpec =
  | { type: 'http'; url: string; headers?: Record<string, string>; timeout?: number }
  | { type: 'command'; command: string; timeout?: number };

export interface HookEntry {
  matcher?: string;
  hooks: HookSpec[];
}

export type HookSettings = Record<string, HookEntry[]>;

/** The hooks configured for `event` (tool events filtered by their matcher against `toolName`). */
export function hooksFor(settings: HookSettings, event: string, toolName?: string): HookSpec[] {
  const out: HookSpec[] = [];
  for (const entry of settings[event] ?? []) {
    const m = entry.matcher;
    if (m && m !== '*' && toolName !== undefined && !new RegExp(`^(?:${m})$`).test(toolName)) continue;
    out.push(...entry.hooks);
  }
  return out;
}

/**
 * The http hook that does what a command hook running ao's hook script (agent-shared/hook-script.ts) does: the script
 * holds the daemon's URL and the session's secret. Null for any other command. This is how the claude-code plugin's
 * http hooks deliver ("type": "http", header X-Ao-Hook-Secret), so a scripted agent can deliver that way on a daemon
 * whose settings still name the script.
 */
export function httpEquivalent(hook: HookSpec): HookSpec | null {
  if (hook.type !== 'command') return hook;
  const script = /"([^"]+\.cjs)"\s*$/.exec(hook.command)?.[1];
  if (!script) return null;
  let source: string;
  try {
    source = readFileSync(script, 'utf8');
  } catch {
    return null;
  }
  const url = /const URL_ = ("[^"]*");/.exec(source)?.[1];
  const secret = /const SECRET = ("[^"]*");/.exec(source)?.[1];
  if (!url || !secret) return null;
  return {
    type: 'http',
    url: JSON.parse(url) as string,
    headers: { 'X-Ao-Hook-Secret': JSON.parse(secret) as string },
    timeout: hook.timeout,
  };
}

/** One hook run: what it was, when it started (performance.now()), how long it took, how it ended. */
export interface HookRun {
  event: string;
  type: HookSpec['type'];
  startedAt: number;
  /** Date.now() when it started (to compare with the daemon's event timestamps). */
  startedWall: number;
  ms: number;
  /** HTTP status, or the command's exit code; null when it failed to run or timed out. */
  status: number | null;
  error?: string;
}

/** Runs one hook with `payload`; never throws (Claude goes on whatever a hook does). */
export async function runHook(hook: HookSpec, event: string, payload: unknown): Promise<HookRun> {
  const startedAt = performance.now();
  const startedWall = Date.now();
  const timeoutMs = (hook.timeout ?? 60) * 1000;
  const done = (status: number | null, error?: string): HookRun => ({
    event,
    type: hook.type,
    startedAt,
    startedWall,
    ms: performance.now() - startedAt,
    status,
    ...(error ? { error } : {}),
  });
  if (hook.type === 'http') {
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...hook.headers },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer();
      return done(res.status);
    } catch (err) {
      return done(null, (err as Error).message);
    }
  }
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', hook.command], { stdio: ['pipe', 'ignore', 'ignore'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      resolve(done(null, err.message));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(done(code));
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(JSON.stringify(payload));
  });
}
