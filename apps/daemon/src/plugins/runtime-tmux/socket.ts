import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';

/** How tmux finds ao's server: `-S <path>` (a socket file) or `-L <name>` (a name under tmux's own directory). */
export interface TmuxSocket {
  flag: '-S' | '-L';
  value: string;
}

/** Unix socket paths are limited to 108 bytes on Linux (104 on macOS); stay clear of both. */
const MAX_SOCKET_PATH_BYTES = 100;

/**
 * ao's own tmux server, never the user's: `<dataDir>/tmux.sock`, or `-L ao-<hash of dataDir>` when that path is too
 * long for a socket. `override` (config `socket`) wins: a value containing "/" is a socket path, anything else a name.
 */
export function resolveSocket(dataDir: string, override?: string): TmuxSocket {
  if (override !== undefined)
    return override.includes('/') ? { flag: '-S', value: override } : { flag: '-L', value: override };
  const path = join(resolve(dataDir), 'tmux.sock');
  if (Buffer.byteLength(path) <= MAX_SOCKET_PATH_BYTES) return { flag: '-S', value: path };
  const hash = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 12);
  return { flag: '-L', value: `ao-${hash}` };
}
