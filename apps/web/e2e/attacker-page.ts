import { createServer, type Server } from 'node:http';

/**
 * A page on another origin (same host, another port: the browser sends the daemon's SameSite cookie along, so only
 * the daemon's Origin checks stand in the way). It tries to read the API, to POST state changes that need no
 * preflight, and to open a terminal WebSocket and type into it. It reports what it observed in `window.__results`.
 */
export function attackerHtml(daemonUrl: string, runningId: string, killedId: string): string {
  const script = `
const d = ${JSON.stringify(daemonUrl)};
const results = {};
async function run() {
  try {
    const r = await fetch(d + '/api/sessions', { credentials: 'include' });
    results.read = 'read ' + r.status + ' ' + (await r.text()).slice(0, 80);
  } catch (e) { results.read = 'blocked'; }
  for (const [name, path] of [['restore', '/api/sessions/${killedId}/restore'], ['kill', '/api/sessions/${runningId}/kill']]) {
    try {
      await fetch(d + path, { method: 'POST', mode: 'no-cors', credentials: 'include' });
      results[name] = 'sent';
    } catch (e) { results[name] = 'error ' + e; }
  }
  await new Promise((resolve) => {
    const ws = new WebSocket(d.replace('http:', 'ws:') + '/api/sessions/${runningId}/terminal?cols=80&rows=24');
    results.wsMessages = 0;
    ws.onopen = () => { results.wsOpened = true; ws.send(JSON.stringify({ type: 'input', data: 'echo pwned-ws-$((1+1))\\r' })); };
    ws.onmessage = () => { results.wsMessages++; };
    ws.onclose = (ev) => { results.wsClose = ev.code; resolve(); };
    setTimeout(() => { results.wsTimeout = true; try { ws.close(); } catch (e) {} resolve(); }, 8000);
  });
  window.__results = results;
}
run();`;
  return `<!doctype html><html><head><title>attacker</title></head><body><h1>not ao</h1><script>${script}</script></body></html>`;
}

export async function serveAttacker(html: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html);
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((res) => server.close(() => res())),
  };
}
