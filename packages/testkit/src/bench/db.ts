import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Read-only access to a daemon's SQLite database (`<dataDir>/ao.db`; WAL lets it read beside the running daemon). */

const require = createRequire(import.meta.url);

interface ReadDb {
  prepare(sql: string): { get(...args: unknown[]): unknown; all(...args: unknown[]): unknown[] };
  pragma(sql: string): unknown;
  close(): void;
}

/** Runs `fn(db)` on a read-only better-sqlite3 handle of `<dataDir>/ao.db` and closes it. */
export function withDb<T>(dataDir: string, fn: (db: ReadDb) => T): T {
  const Database = require('better-sqlite3') as new (path: string, opts: object) => ReadDb;
  const db = new Database(join(dataDir, 'ao.db'), { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return fn(db);
  } finally {
    db.close();
  }
}

/** `Map<sessionId, hookSecret>` for the given sessions (`sessions.hook_secret`). */
export function readHookSecrets(dataDir: string, ids: string[]): Map<string, string> {
  return withDb(dataDir, (db) => {
    const get = db.prepare('SELECT hook_secret AS secret FROM sessions WHERE id = ?');
    const out = new Map<string, string>();
    for (const id of ids) {
      const row = get.get(id) as { secret: string } | undefined;
      if (!row) throw new Error(`no session ${id} in ao.db`);
      out.set(id, row.secret);
    }
    return out;
  });
}
