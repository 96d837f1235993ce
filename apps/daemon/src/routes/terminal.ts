import { sessionIdSchema } from '@ao/shared/ids';
import type { TerminalStream } from '@ao/shared/plugin';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services';
import { pluginsOf } from '../sessions/session-plugins';
import { handleOf } from '../sessions/session-row';

const HIGH_WATER = 512 * 1024;
const LOW_WATER = 128 * 1024;

type ClientMessage =
  | { type: 'input'; data: string }
  | { type: 'resize'; cols: number; rows: number }
  | { type: 'ack'; bytes: number };

/** `/api/sessions/:id/terminal`: a live terminal over WebSocket with ack-based flow control (docs/api.md). */
export function terminalRoutes(app: FastifyInstance, s: Services): void {
  app.get('/api/sessions/:id/terminal', { websocket: true }, async (socket, req) => {
    const { id } = req.params as { id: string };
    const query = req.query as { cols?: string; rows?: string };
    const row = sessionIdSchema.safeParse(id).success ? s.store.find(id) : undefined;
    if (!row) return socket.close(4404, 'unknown session');
    const handle = handleOf(row);
    if (row.status !== 'running' || !handle) return socket.close(4410, 'session has no live runtime');
    const size = {
      cols: clamp(Number(query.cols) || 120, 10, 500),
      rows: clamp(Number(query.rows) || 32, 5, 300),
    };

    let stream: TerminalStream;
    try {
      stream = await pluginsOf(s, row).runtime.openTerminal(handle, size);
    } catch (err) {
      s.logger.warn({ sessionId: id, err: (err as Error).message }, 'cannot open terminal');
      return socket.close(4410, 'cannot open the terminal');
    }
    let unacked = 0;
    let paused = false;
    stream.onData((chunk) => {
      if (socket.readyState !== socket.OPEN) return;
      socket.send(chunk);
      unacked += Buffer.byteLength(chunk);
      if (!paused && unacked > HIGH_WATER) {
        paused = true;
        stream.pause();
      }
    });
    stream.onExit(() => socket.close(1000, 'terminal closed'));
    socket.on('message', (raw: Buffer) => {
      let msg: ClientMessage;
      try {
        msg = JSON.parse(raw.toString('utf8')) as ClientMessage;
      } catch {
        return; // not JSON: ignore rather than type garbage into the agent's terminal
      }
      if (msg.type === 'input' && typeof msg.data === 'string') stream.write(msg.data);
      else if (msg.type === 'resize') stream.resize(clamp(msg.cols, 10, 500), clamp(msg.rows, 5, 300));
      else if (msg.type === 'ack' && Number.isFinite(msg.bytes)) {
        unacked = Math.max(0, unacked - msg.bytes);
        if (paused && unacked < LOW_WATER) {
          paused = false;
          stream.resume();
        }
      }
    });
    socket.on('close', () => stream.close());
  });
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(n) || lo));
