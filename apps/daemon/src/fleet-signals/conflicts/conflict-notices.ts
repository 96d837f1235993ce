import { createHash } from 'node:crypto';
import type { ConflictsConfig } from '@ao/shared/config-conflicts';
import type { SessionConflict } from '@ao/shared/session';
import type { Db } from '../../db/open-db';

/** What acts on a new conflict: a message to the session's agent, or a notification. */
export interface ConflictActions {
  tell(sessionId: string, text: string): Promise<void>;
  notify(sessionId: string, noticeId: string, title: string, body: string): Promise<void>;
}

/** The key of one conflict as told: the other side, the kind and every file (a changed file set is a new notice). */
export function noticeKey(c: SessionConflict): string {
  return createHash('sha256')
    .update(JSON.stringify([c.with, c.kind, c.files, c.fileCount]))
    .digest('hex')
    .slice(0, 32);
}

/** File names are data: quoted, so a name with spaces, newlines or a leading dash reads as one name. */
function fileList(c: SessionConflict): string {
  const more = c.fileCount > c.files.length ? ` (+${c.fileCount - c.files.length} more)` : '';
  return `${c.files.map((f) => JSON.stringify(f)).join(', ')}${more}`;
}

export function describeConflict(sessionId: string, c: SessionConflict, baseBranch: string): string {
  const other = c.with === 'base' ? `the default branch (${baseBranch})` : `session ${c.with}`;
  return c.kind === 'conflict'
    ? `ao: your branch (session ${sessionId}) would conflict with ${other} in ${fileList(c)}. ` +
        'Coordinate or keep away from these files; merge the base branch in if it is the other side.'
    : `ao: your branch (session ${sessionId}) and ${other} both change ${fileList(c)} (they still merge cleanly).`;
}

/**
 * Acts once on each new conflict of the kinds configured (`conflicts.onNew`): the (session, key) row is written first,
 * in one statement, so a conflict is told at most once, across restarts too. Returns how many were acted on.
 */
export async function actOnNewConflicts(
  db: Db,
  actions: ConflictActions,
  config: ConflictsConfig,
  sessionId: string,
  conflicts: readonly SessionConflict[],
  baseBranch: string,
): Promise<number> {
  if (config.onNew === 'off') return 0;
  const insert = db.$client.prepare(
    'INSERT OR IGNORE INTO conflict_notices (session_id, key, at) VALUES (?, ?, ?)',
  );
  let acted = 0;
  for (const c of conflicts) {
    if (!config.kinds.includes(c.kind)) continue;
    const key = noticeKey(c);
    if (insert.run(sessionId, key, new Date().toISOString()).changes === 0) continue;
    const text = describeConflict(sessionId, c, baseBranch);
    if (config.onNew === 'tell') await actions.tell(sessionId, text);
    else {
      const title = `${sessionId}: ${c.kind === 'conflict' ? 'predicted conflict' : 'overlapping changes'} with ${c.with}`;
      await actions.notify(sessionId, `conflict:${sessionId}:${key}`, title, text);
    }
    acted++;
  }
  return acted;
}
