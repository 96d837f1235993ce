import { sessionIdSchema } from '@ao/shared/ids';
import type { Logger, TerminalStream } from '@ao/shared/plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const HIGH_WATER = 512 * 1024;
const LOW_WATER = 128 * 1024;
const FRAME_BYTES = 64 * 1024;

type ClientMessage =
  | { type: 'input'; data: string }
  | { type: 'resize'; cols: number; rows: number }
  | { type: 'ack'; bytes: number };

/** `/api/sessions/:id/terminal`: a live terminal over WebSocket with ack-based flow control (docs/api.md). */
export async function terminalRoutes(app: FastifyInstance, opts: { logger: Logger }): Promise<void> {
  const route = { websocket: true, preHandler: refusePlainHttp } as const;
  app.get('/api/sessions/:id/terminal', route, async (socket, req) => {
    const { id } = req.params as { id: string };
    const query = req.query as { cols?: string; rows?: string };
    const row = sessionIdSchema.safeParse(id).success ? app.sessions.find(id) : undefined;
    if (!row) return socket.close(4404, 'unknown session');
    const size = {
      cols: clamp(Number(query.cols) || 120, 10, 500),
      rows: clamp(Number(query.rows) || 32, 5, 300),
    };

    let stream: TerminalStream | null;
    try {
      stream = await app.sessions.openTerminal(id, size);
    } catch (err) {
      opts.logger.warn({ sessionId: id, err: (err as Error).message }, 'cannot open terminal');
      return socket.close(4410, 'cannot open the terminal');
    }
    if (!stream) return socket.close(4410, 'session has no live runtime');
    const live = stream;
    let unacked = 0;
    let paused = false;
    // Output read in one turn of the event loop goes out as one message (flushed on setImmediate, so a lone echo is not
    // delayed): a flood becomes a few large messages instead of thousands of small ones, which keeps the daemon's event
    // loop (and its SSE streams) and the browser responsive.
    let frame: string[] = [];
    let frameBytes = 0;
    let frameTimer: NodeJS.Immediate | null = null;
    const flush = () => {
      if (frameTimer) clearImmediate(frameTimer);
      frameTimer = null;
      if (!frame.length || socket.readyState !== socket.OPEN) return;
      socket.send(frame.join(''));
      unacked += frameBytes;
      frame = [];
      frameBytes = 0;
      if (!paused && unacked > HIGH_WATER) {
        paused = true;
        live.pause();
      }
    };
    live.onData((chunk) => {
      frame.push(chunk);
      frameBytes += Buffer.byteLength(chunk);
      if (frameBytes >= FRAME_BYTES) flush();
      else frameTimer ??= setImmediate(flush);
    });
    live.onExit(() => socket.close(1000, 'terminal closed'));
    socket.on('message', (raw: Buffer) => {
      let msg: ClientMessage;
      try {
        msg = JSON.parse(raw.toString('utf8')) as ClientMessage;
      } catch {
        return; // not JSON: ignore rather than type garbage into the agent's terminal
      }
      if (msg.type === 'input' && typeof msg.data === 'string') live.write(msg.data);
      else if (msg.type === 'resize') live.resize(clamp(msg.cols, 10, 500), clamp(msg.rows, 5, 300));
      else if (msg.type === 'ack' && Number.isFinite(msg.bytes)) {
        unacked = Math.max(0, unacked - msg.bytes);
        if (paused && unacked < LOW_WATER) {
          paused = false;
          live.resume();
        }
      }
    });
    socket.on('close', () => {
      if (frameTimer) clearImmediate(frameTimer);
      live.close();
    });
  });
}

/** A plain HTTP request (no Upgrade) is told what this is, as a coded error like every other refusal. */
async function refusePlainHttp(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (req.ws) return;
  await reply
    .code(426)
    .header('upgrade', 'websocket')
    .send({
      error: { code: 'bad_request', message: 'a WebSocket endpoint: connect with Upgrade: websocket' },
    });
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(n) || lo));
