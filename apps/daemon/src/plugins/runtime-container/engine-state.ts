import { open } from 'node:fs/promises';
import type { RuntimeState } from '@ao/shared/plugin';
import type { ContainerInfo } from 'dockerode';

/** A listed container's state: running (or paused) is alive; stopped with its code from `Status`; none is gone. */
export function stateOf(c: ContainerInfo | undefined): RuntimeState {
  if (c === undefined) return { state: 'gone' };
  if (c.State === 'running' || c.State === 'paused' || c.State === 'restarting') return { state: 'alive' };
  const code = /\((-?\d+)\)/.exec(c.Status ?? '')?.[1];
  return { state: 'exited', exitCode: code === undefined ? null : Number(code), signal: null };
}

/** The last `bytes` of a file ('' when missing). */
export async function readTail(path: string, bytes: number): Promise<string> {
  const file = await open(path, 'r').catch(() => null);
  if (file === null) return '';
  try {
    const { size } = await file.stat();
    const length = Math.min(size, bytes);
    const buf = Buffer.alloc(length);
    await file.read(buf, 0, length, size - length);
    return buf.toString('utf8');
  } finally {
    await file.close();
  }
}
