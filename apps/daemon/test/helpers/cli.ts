import type { ChildProcess } from 'node:child_process';
import { AO_BIN, launchDaemon } from '@ao/testkit';
import { exec } from '../../src/util/exec';

export { AO_BIN };

/** Runs the built `ao` CLI (dist/ao.mjs; `npm run build` first). */
export function ao(dataDir: string, args: string[], opts: { cwd?: string; input?: string } = {}) {
  return exec(process.execPath, [AO_BIN, '--data-dir', dataDir, ...args], {
    cwd: opts.cwd,
    input: opts.input,
    env: { ...process.env, AO_LIVENESS_MS: '500' },
    timeoutMs: 60_000,
  });
}

/** Starts `ao up` as a real child process (liveness every 500 ms) and waits until it answers. */
export async function aoUp(
  dataDir: string,
  args: string[] = [],
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const d = await launchDaemon({ dataDir, args, env: { AO_LIVENESS_MS: '500' } }).ready(30_000);
  return { child: d.child, url: d.url, output: d.output };
}
