import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActivitySignal } from '@ao/shared/plugin';
import { parseJsonObject } from '../agent-shared/jsonl-tailer';

/**
 * Reads Claude Code's live status file (`<config>/sessions/<pid>.json`). Returns null when the file is not about
 * `agentSessionId` (another session reused the pid, or the file is malformed) or its status is unknown.
 */
export function statusFileSignal(raw: string, agentSessionId: string | null): ActivitySignal | null {
  const rec = parseJsonObject(raw);
  if (!rec) return null;
  if (agentSessionId !== null && rec['sessionId'] !== agentSessionId) return null;
  const updated = rec['statusUpdatedAt'] ?? rec['updatedAt'];
  const at = typeof updated === 'number' ? new Date(updated).toISOString() : undefined;
  const base = { source: 'status-file', confidence: 'medium' as const, ...(at ? { at } : {}) };
  switch (rec['status']) {
    case 'busy':
      return { ...base, activity: 'working', detail: 'busy' };
    case 'idle':
      return { ...base, activity: 'idle', detail: 'idle' };
    case 'waiting': {
      const waitingFor = typeof rec['waitingFor'] === 'string' ? rec['waitingFor'] : 'input';
      // Claude's own word that it waits for the user: high, so it is not dropped as "weaker" than the PreToolUse hook
      // of the tool it asks about (the Notification hook says the same only ~6 s later).
      return { ...base, confidence: 'high', activity: 'waiting_input', detail: `waiting for ${waitingFor}` };
    }
    default:
      return null;
  }
}

/**
 * Claude's current status file for a session, read once: `<config>/sessions/<pid>.json` when it names the session,
 * else the file in that folder that names it (the runtime may know a wrapper's pid). Null when there is none (the
 * process is gone, or has not started yet).
 */
export async function readStatusFile(
  configDir: string,
  pid: number | null,
  agentSessionId: string | null,
): Promise<string | null> {
  const dir = join(configDir, 'sessions');
  const named = async (name: string) => {
    const raw = await readFile(join(dir, name), 'utf8').catch(() => null);
    const rec = raw === null ? null : parseJsonObject(raw);
    return rec && (agentSessionId === null || rec['sessionId'] === agentSessionId) ? raw : null;
  };
  const byPid = pid === null ? null : await named(`${pid}.json`);
  if (byPid !== null || agentSessionId === null) return byPid;
  // Another file may name the session: find its name (scans are shared, so a file created in the last second may be
  // missed until the next read), then read it now, fresh; if it no longer names the session, scan again.
  const name = (await fileNamesBySession(dir, false)).get(agentSessionId);
  if (name === undefined) return null;
  const raw = await named(name);
  if (raw !== null) return raw;
  const moved = (await fileNamesBySession(dir, true)).get(agentSessionId);
  return moved === undefined ? null : named(moved);
}

/** The folder's status file names by the session they name, from one scan shared by callers within SCAN_TTL_MS. */
const scans = new Map<string, { at: number; names: Promise<Map<string, string>> }>();
const SCAN_TTL_MS = 1000;

/**
 * Scanning the whole folder for each session would be quadratic: at recovery, 500 probes at once would each read 500
 * files. One scan serves the probes of the same second; `fresh` forces a new one (the file was not where it said).
 */
function fileNamesBySession(dir: string, fresh: boolean): Promise<Map<string, string>> {
  const now = Date.now();
  const cached = scans.get(dir);
  if (!fresh && cached && now - cached.at < SCAN_TTL_MS) return cached.names;
  const names = (async () => {
    const bySession = new Map<string, string>();
    const files = await readdir(dir).catch(() => [] as string[]);
    for (const name of files.filter((n) => n.endsWith('.json'))) {
      const raw = await readFile(join(dir, name), 'utf8').catch(() => null);
      const id = raw === null ? null : parseJsonObject(raw)?.['sessionId'];
      if (typeof id === 'string') bySession.set(id, name);
    }
    return bySession;
  })();
  scans.set(dir, { at: now, names });
  return names;
}
