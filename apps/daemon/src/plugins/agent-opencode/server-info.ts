import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { writeFileAtomic } from '../agent-shared/atomic-write';

/** Where ao tells its watcher how to reach the opencode server it started (0600: it holds the password). */
export const SERVER_INFO_FILE = 'opencode-server.json';

export interface OpencodeServerInfo {
  /** `http://127.0.0.1:<port>` */
  url: string;
  username: string;
  password: string;
}

export async function writeServerInfo(sessionDir: string, info: OpencodeServerInfo): Promise<void> {
  await writeFileAtomic(join(sessionDir, SERVER_INFO_FILE), `${JSON.stringify(info)}\n`, 0o600);
}

/** The server info, or null when it is missing or malformed (not launched by ao). */
export async function readServerInfo(sessionDir: string): Promise<OpencodeServerInfo | null> {
  let text: string;
  try {
    text = await readFile(join(sessionDir, SERVER_INFO_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const v = JSON.parse(text) as Partial<OpencodeServerInfo>;
  if (typeof v.url !== 'string' || typeof v.username !== 'string' || typeof v.password !== 'string')
    return null;
  return { url: v.url, username: v.username, password: v.password };
}

export function basicAuth(info: OpencodeServerInfo): string {
  return `Basic ${Buffer.from(`${info.username}:${info.password}`).toString('base64')}`;
}

/** A loopback port free right now (the OS picks it; opencode binds it a moment later). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}
