import { spawnSync } from 'node:child_process';
import WebSocket from 'ws';
import { CliError, type Client } from '../client';

/** Attaches this terminal: tmux's own client when the runtime has one, else the daemon's terminal WebSocket. */
export async function attach(client: Client, id: string): Promise<void> {
  const { command, live } = await client.get<{ command: string[] | null; live: boolean }>(
    `/api/sessions/${encodeURIComponent(id)}/attach`,
  );
  if (!live) throw new CliError(`session ${id} has no live runtime; \`ao restore ${id}\` brings it back`);
  if (command?.[0]) {
    const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit' });
    if (result.error) throw new CliError(`cannot run ${command[0]}: ${result.error.message}`);
    return;
  }
  await attachOverWebSocket(client, id);
}

function attachOverWebSocket(client: Client, id: string): Promise<void> {
  const { columns = 120, rows = 32 } = process.stdout;
  const url = `${client.baseUrl.replace(/^http/, 'ws')}/api/sessions/${encodeURIComponent(id)}/terminal?cols=${columns}&rows=${rows}`;
  const ws = new WebSocket(url, { headers: { authorization: client.authHeader } });
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    const restore = () => {
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
    };
    ws.on('open', () => {
      console.error(`attached to ${id}; Ctrl-] detaches`);
      if (stdin.isTTY) stdin.setRawMode(true);
      stdin.resume();
      stdin.on('data', (buf: Buffer) => {
        if (buf.includes(0x1d)) return ws.close();
        ws.send(JSON.stringify({ type: 'input', data: buf.toString('utf8') }));
      });
      process.stdout.on('resize', () =>
        ws.send(JSON.stringify({ type: 'resize', cols: process.stdout.columns, rows: process.stdout.rows })),
      );
    });
    ws.on('message', (data: Buffer) => {
      process.stdout.write(data, () => ws.send(JSON.stringify({ type: 'ack', bytes: data.length })));
    });
    ws.on('close', (code, reason) => {
      restore();
      if (code >= 4000) reject(new CliError(`terminal closed: ${reason.toString() || code}`));
      else resolve();
    });
    ws.on('error', (err) => {
      restore();
      reject(new CliError(`terminal connection failed: ${err.message}`));
    });
  });
}
