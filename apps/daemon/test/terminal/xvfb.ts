import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { decodeXwd, type RgbImage } from './xwd-png';

const execFileP = promisify(execFile);

export interface Xvfb {
  /** `:N` */
  display: string;
  proc: ChildProcess;
  /** The whole screen, read with `xwd -root`. */
  screenshot(): Promise<RgbImage>;
  stop(): Promise<void>;
}

/**
 * Starts Xvfb on a display it picks itself (`-displayfd`): it writes the number once it accepts connections, so
 * nothing waits on a fixed sleep.
 */
export async function startXvfb(size = '720x420x24', timeoutMs = 20_000): Promise<Xvfb> {
  const proc = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', size, '-nolisten', 'tcp', '-noreset'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const fd3 = proc.stdio[3] as NodeJS.ReadableStream;
  const display = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start: ${stderr}`)), timeoutMs);
    fd3.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}): ${stderr}`));
    });
  });
  return {
    display,
    proc,
    async screenshot() {
      const { stdout } = await execFileP('xwd', ['-root', '-silent', '-display', display], {
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024,
      });
      return decodeXwd(stdout);
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}
