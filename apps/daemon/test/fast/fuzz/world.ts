import type Database from 'better-sqlite3';
import type { FastDaemon } from '../harness';

/** Every table's rows, in rowid order, as JSON lines (the migrations journal aside). */
export type TableSnapshot = Map<string, string[]>;

export function snapshotTables(db: Database.Database): TableSnapshot {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name",
    )
    .pluck()
    .all() as string[];
  return new Map(
    tables.map((t) => [
      t,
      (db.prepare(`SELECT * FROM "${t.replaceAll('"', '""')}" ORDER BY rowid`).all() as unknown[]).map((r) =>
        JSON.stringify(r),
      ),
    ]),
  );
}

/** What changed between two snapshots, table by table (rows added and removed), for a failure message. */
export function diffTables(before: TableSnapshot, after: TableSnapshot): string[] {
  const out: string[] = [];
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const a = new Set(before.get(table) ?? []);
    const b = new Set(after.get(table) ?? []);
    const removed = [...a].filter((r) => !b.has(r));
    const added = [...b].filter((r) => !a.has(r));
    for (const r of removed) out.push(`${table}: - ${r.slice(0, 400)}`);
    for (const r of added) out.push(`${table}: + ${r.slice(0, 400)}`);
  }
  return out;
}

/** Rows written by the daemon's connection since it opened (SQLite's total_changes(): exact and O(1)). */
export const changesCounter = (db: Database.Database) => {
  const statement = db.prepare('SELECT total_changes()').pluck();
  return () => statement.get() as number;
};

/**
 * An agent that takes every message: text typed and then Enter starts a turn with it (so sends are `delivered` at
 * once, as a real agent with signals would confirm them).
 */
export function respondToInput(d: FastDaemon): void {
  const pending = new Map<string, string>();
  d.runtime.onInput = (id, input) => {
    if ('text' in input) {
      pending.set(id, (pending.get(id) ?? '') + input.text);
      return;
    }
    const text = pending.get(id);
    if (input.keys.includes('Enter') && text && d.agent.watching(id)) {
      pending.delete(id);
      d.agent.turn(id, text);
    }
  };
}

/** Sessions in every state the routes treat differently, for requests to aim at. */
export async function seedSessions(d: FastDaemon): Promise<void> {
  const working = await d.spawn({ prompt: 'working session' });
  d.agent.turn(working.id, 'working session');
  const idle = await d.spawn({ prompt: 'idle session' });
  d.agent.turn(idle.id, 'idle session');
  d.agent.idle(idle.id);
  const asking = await d.spawn({ prompt: 'asking session' });
  d.agent.turn(asking.id, 'asking session');
  d.agent.needsInput(asking.id);
  d.runtime.setScreen(asking.id, 'Bash(ls)\n  Allow this command?\n');
  const dialog = await d.spawn({ prompt: 'dialog session' });
  d.agent.turn(dialog.id, 'dialog session');
  d.agent.needsInput(dialog.id);
  d.runtime.setScreen(dialog.id, 'Trust the files in this folder?\n');
  const exited = await d.spawn({ prompt: 'exited session' });
  d.runtime.exit(exited.id, 1);
  const lost = await d.spawn({ prompt: 'lost session' });
  d.runtime.vanish(lost.id);
  const killed = await d.spawn({ prompt: 'killed session' });
  await d.inject('POST', `/api/sessions/${killed.id}/kill`, {});
  const done = await d.spawn({ prompt: 'done session' });
  await d.sessions.finish(done.id, 'PR merged');
  await d.until(
    () =>
      d.sessions.find(exited.id)?.status === 'exited' && d.sessions.find(lost.id)?.status === 'runtime_lost',
    'seeded states',
  );
}

/** Keeps at least one running session to aim at (the fuzz kills them too). */
export function keepOneRunning(d: FastDaemon): () => Promise<void> {
  const running = d.app.db.$client.prepare("SELECT 1 FROM sessions WHERE status = 'running' LIMIT 1").pluck();
  return async () => {
    if (!running.get()) await d.spawn({ prompt: 'respawned for the fuzz' });
  };
}
