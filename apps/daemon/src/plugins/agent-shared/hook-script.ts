import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';

export interface HookScriptOptions {
  /** Directory owned by ao for the session (never the worktree). */
  dir: string;
  /** Where to POST the payload (the daemon's `/api/hooks/<sessionId>`). */
  url: string;
  /** Sent as `X-Ao-Hook-Secret`. Lives only inside the script file (mode 0600), never on a command line. */
  secret: string;
  fileName?: string;
  /** How long the script waits for the daemon before giving up (it always exits 0). */
  timeoutMs?: number;
}

/** Characters allowed in a path that is placed inside double quotes in a shell command. */
const SAFE_PATH = /^[A-Za-z0-9_./ +,@:=%~-]+$/;

export class UnsafePathError extends Error {
  constructor(readonly path: string) {
    super(`path is not safe to place in a hook command (quote or shell character): ${JSON.stringify(path)}`);
    this.name = 'UnsafePathError';
  }
}

export function assertShellSafePath(path: string): string {
  if (!SAFE_PATH.test(path) || !path.startsWith('/')) throw new UnsafePathError(path);
  return path;
}

/**
 * The command string an agent runs through its shell to call the hook script: only two validated, quoted absolute
 * paths (node and the script), never a URL or secret.
 */
export function hookCommand(scriptPath: string, nodePath: string = process.execPath): string {
  return `"${assertShellSafePath(nodePath)}" "${assertShellSafePath(scriptPath)}"`;
}

/** Source of the hook script: posts its first argument, or else its stdin, to the daemon; always exits 0. */
export function hookScriptSource(url: string, secret: string, timeoutMs = 3000): string {
  return `'use strict';
// Written by ao. Forwards an agent hook payload to the ao daemon. Never blocks or fails the agent.
const URL_ = ${JSON.stringify(url)};
const SECRET = ${JSON.stringify(secret)};
const TIMEOUT_MS = ${Math.max(100, Math.floor(timeoutMs))};
setTimeout(() => process.exit(0), TIMEOUT_MS + 1000).unref();
function send(body) {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
  fetch(URL_, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ao-hook-secret': SECRET },
    body: body.trim() === '' ? '{}' : body,
    signal: ctrl.signal,
  })
    .then((res) => res.arrayBuffer())
    .catch(() => undefined)
    .finally(() => {
      clearTimeout(timer);
      process.exit(0);
    });
}
if (process.argv[2] !== undefined) {
  send(process.argv[2]);
} else {
  const chunks = [];
  process.stdin.on('data', (c) => chunks.push(c));
  process.stdin.on('end', () => send(Buffer.concat(chunks).toString('utf8')));
  process.stdin.on('error', () => process.exit(0));
}
`;
}

/** Writes the hook script (mode 0600: it holds the secret) and returns its path and the command that runs it. */
export async function writeHookScript(opts: HookScriptOptions): Promise<{ path: string; command: string }> {
  const path = join(opts.dir, opts.fileName ?? 'ao-hook.cjs');
  const command = hookCommand(path);
  await writeFileAtomic(path, hookScriptSource(opts.url, opts.secret, opts.timeoutMs), 0o600);
  return { path, command };
}
