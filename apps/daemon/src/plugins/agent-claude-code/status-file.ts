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
  const names = (pid !== null ? [`${pid}.json`] : []).concat(
    agentSessionId === null ? [] : await readdir(dir).catch(() => [] as string[]),
  );
  for (const name of new Set(names.filter((n) => n.endsWith('.json')))) {
    const raw = await readFile(join(dir, name), 'utf8').catch(() => null);
    if (raw === null) continue;
    const rec = parseJsonObject(raw);
    if (rec && (agentSessionId === null || rec['sessionId'] === agentSessionId)) return raw;
  }
  return null;
}
