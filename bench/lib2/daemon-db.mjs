// Read-only access to the daemon's SQLite database (`<dataDir>/ao.db`; WAL lets it read beside the running daemon).
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/** Runs `fn(db)` on a read-only better-sqlite3 handle of `<dataDir>/ao.db` and closes it. */
export function withDb(dataDir, fn) {
  const Database = require('better-sqlite3');
  const db = new Database(join(dataDir, 'ao.db'), { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return fn(db);
  } finally {
    db.close();
  }
}

/** `Map<sessionId, hookSecret>` for the given sessions (`sessions.hook_secret`). */
export function readHookSecrets(dataDir, ids) {
  return withDb(dataDir, (db) => {
    const get = db.prepare('SELECT hook_secret AS secret FROM sessions WHERE id = ?');
    const out = new Map();
    for (const id of ids) {
      const row = get.get(id);
      if (!row) throw new Error(`no session ${id} in ao.db`);
      out.set(id, row.secret);
    }
    return out;
  });
}
