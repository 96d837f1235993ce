import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { type Proc, startProcess } from './pod-process';
import type { FakePod, PodStore } from './pod-store';

/** The only subprotocol the fake speaks: channel-prefixed binary frames (0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize). */
export const STREAM_PROTOCOL = 'v4.channel.k8s.io';
const STDOUT = 1;
const STATUS = 3;
const RESIZE = 4;

export interface StreamRequest {
  kind: 'exec' | 'attach';
  pod: FakePod;
  query: URLSearchParams;
}

function frame(channel: number, data: string | Buffer): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return Buffer.concat([Buffer.from([channel]), body]);
}

function statusOf(code: number | null): string {
  if (code === 0) return JSON.stringify({ metadata: {}, status: 'Success' });
  return JSON.stringify({
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code ?? 137) }] },
  });
}

/** Wires one WebSocket to a process: stdin and resize in, stdout out, the status frame and close when it exits. */
function bridge(ws: WebSocket, proc: Proc, sendStatus: boolean): void {
  const off = proc.onData((d) => {
    if (ws.readyState === ws.OPEN) ws.send(frame(STDOUT, d));
  });
  proc.onExit((code) => {
    off();
    if (ws.readyState !== ws.OPEN) return;
    if (sendStatus) ws.send(frame(STATUS, statusOf(code)));
    ws.close(1000);
  });
  ws.on('message', (raw: Buffer, isBinary) => {
    const buf = isBinary ? raw : Buffer.from(raw.toString(), 'utf8');
    const channel = buf[0];
    const body = buf.subarray(1);
    if (channel === 0) proc.write(body.toString('utf8'));
    else if (channel === RESIZE) {
      const size = JSON.parse(body.toString('utf8')) as Record<string, number>;
      const cols = size['Width'] ?? size['width'];
      const rows = size['Height'] ?? size['height'];
      if (cols && rows) proc.resize(cols, rows);
    }
  });
  ws.on('close', off);
}

/**
 * The exec and attach endpoints (`GET .../pods/{name}/exec|attach` upgraded to a WebSocket): attach joins the
 * container's own process (its TTY); exec starts a new process with the container's env and working dir.
 */
export function createStreamServer(store: PodStore) {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has(STREAM_PROTOCOL) ? STREAM_PROTOCOL : false),
  });
  return {
    wss,
    async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, stream: StreamRequest): Promise<void> {
      const { pod, query } = stream;
      const container = pod.spec.containers.find(
        (c) => c.name === (query.get('container') ?? pod.spec.containers[0]?.name),
      );
      const proc = store.procs.get(pod.metadata.uid);
      const refuse = (code: number, text: string) => {
        socket.end(`HTTP/1.1 ${code} ${text}\r\nContent-Length: 0\r\n\r\n`);
      };
      if (!container) return refuse(400, 'Bad Request');
      if (!proc || proc.exited) return refuse(400, 'Bad Request');
      let target = proc;
      if (stream.kind === 'exec') {
        // The command sees the pod's volumes at their mount paths, as the container does.
        const mounted = store.mounted(pod, { ...container, command: query.getAll('command'), args: [] });
        target = await startProcess(mounted, store.env(pod, mounted), query.get('tty') === 'true');
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        if (ws.protocol !== STREAM_PROTOCOL) return ws.close(1002, 'unsupported subprotocol');
        bridge(ws, target, stream.kind === 'exec');
        if (stream.kind === 'exec') ws.on('close', () => target.kill('SIGHUP'));
      });
    },
  };
}
