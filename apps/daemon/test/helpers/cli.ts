import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exec } from '../../src/util/exec';
import { waitFor } from './daemon';

export const AO_BIN = new URL('../../bin/ao.mjs', import.meta.url).pathname;

/** Runs the built `ao` CLI (dist/ao.mjs; `npm run build` first). */
export function ao(dataDir: string, args: string[], opts: { cwd?: string; input?: string } = {}) {
  return exec(process.execPath, [AO_BIN, '--data-dir', dataDir, ...args], {
    cwd: opts.cwd,
    input: opts.input,
    env: { ...process.env, AO_LIVENESS_MS: '500' },
    timeoutMs: 60_000,
  });
}

/** Starts `ao up` as a real child process and waits until it answers. */
export async function aoUp(
  dataDir: string,
  args: string[] = [],
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  let output = '';
  const child = spawn(process.execPath, [AO_BIN, '--data-dir', dataDir, 'up', '--port', '0', ...args], {
    env: { ...process.env, AO_LIVENESS_MS: '500' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const url = await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`ao up exited: ${output}`);
      const file = join(dataDir, 'daemon.json');
      if (!existsSync(file)) return null;
      const info = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; url: string };
      if (info.pid !== child.pid) return null;
      return (await fetch(`${info.url}/api/health`)).ok && /login\?token=/.test(output) ? info.url : null;
    },
    'ao up',
    30_000,
  );
  return { child, url, output: () => output };
}
