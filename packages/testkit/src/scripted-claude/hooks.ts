import { spawn } from 'node:child_process';

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

/** One hook run: what it was, when it started (performance.now()), how long it took, how it ended. */
export interface HookRun {
  event: string;
  type: HookSpec['type'];
  startedAt: number;
  ms: number;
  /** HTTP status, or the command's exit code; null when it failed to run or timed out. */
  status: number | null;
  error?: string;
}

/** Runs one hook with `payload`; never throws (Claude goes on whatever a hook does). */
export async function runHook(hook: HookSpec, event: string, payload: unknown): Promise<HookRun> {
  const startedAt = performance.now();
  const timeoutMs = (hook.timeout ?? 60) * 1000;
  const done = (status: number | null, error?: string): HookRun => ({
    event,
    type: hook.type,
    startedAt,
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
