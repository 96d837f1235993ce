import { Duplex, PassThrough } from 'node:stream';
import type { Kube } from './kube-client';
import { AGENT_CONTAINER } from './labels';

/** An attach stream to a pod's TTY, as a Duplex (for ContainerSession), with its resize. */
export interface PodStream {
  stream: Duplex;
  resize(cols: number, rows: number): void;
}

/**
 * Attaches to the agent container's TTY through the attach WebSocket API (`/pods/{name}/attach`, stdin and stdout,
 * channel-prefixed frames): stdin in, the TTY's output out; the terminal size goes as resize frames (client-node sends
 * one whenever its stdout emits `resize`).
 */
export async function attachPod(
  kube: Kube,
  namespace: string,
  pod: string,
  size: { cols: number; rows: number },
): Promise<PodStream> {
  const stdin = new PassThrough();
  const stdout = Object.assign(new PassThrough(), { columns: size.cols, rows: size.rows });
  const ws = await kube.attach.attach(namespace, pod, AGENT_CONTAINER, stdout, null, stdin, true);
  const stream = Duplex.from({ readable: stdout, writable: stdin });
  const end = () => {
    if (!stdout.writableEnded) stdout.end();
    stream.destroy();
  };
  ws.on('close', end);
  ws.on('error', end);
  stream.on('close', () => {
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
  });
  return {
    stream,
    resize(cols, rows) {
      stdout.columns = cols;
      stdout.rows = rows;
      stdout.emit('resize');
    },
  };
}
