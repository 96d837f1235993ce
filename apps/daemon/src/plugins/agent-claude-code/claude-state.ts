import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../agent-shared/atomic-write';
import { withClaudeConfigLock } from './config-lock';

/**
 * Claude Code's global state file (`.claude.json`) decides the first-run dialogs. ao pre-answers the ones that
 * concern its own launches (trusting the exact worktree path, an API key ao was configured with), and never the
 * onboarding itself: an install that was never set up has no login, and skipping the onboarding would only hide that.
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

async function readState(file: string): Promise<Json | null> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const parsed: unknown = JSON.parse(raw);
  if (!isObject(parsed)) throw new Error(`${file} is not a JSON object`);
  return parsed;
}

// Serializes our own read-modify-write cycles per file (many sessions start at once).
const locks = new Map<string, Promise<unknown>>();

async function updateState(file: string, update: (state: Json) => boolean): Promise<void> {
  const prev = locks.get(file) ?? Promise.resolve();
  const next = prev.then(async () => {
    await mkdir(dirname(file), { recursive: true });
    // Under Claude's own lock: a Claude process saving its state re-reads the file under it, so nothing is lost.
    await withClaudeConfigLock(file, async () => {
      const state = (await readState(file)) ?? {};
      if (update(state)) await writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`, 0o600);
    });
  });
  const settled = next.catch(() => undefined);
  locks.set(file, settled);
  try {
    await next;
  } finally {
    if (locks.get(file) === settled) locks.delete(file);
  }
}

/** Marks the exact path as trusted (`projects[cwd].hasTrustDialogAccepted`), keeping every other key. */
export async function trustProject(stateFile: string, cwd: string): Promise<void> {
  await updateState(stateFile, (state) => {
    const projects = isObject(state['projects']) ? state['projects'] : {};
    const project = isObject(projects[cwd]) ? projects[cwd] : {};
    if (project['hasTrustDialogAccepted'] === true) return false;
    projects[cwd] = { ...project, hasTrustDialogAccepted: true };
    state['projects'] = projects;
    return true;
  });
}

/**
 * Pre-approves an API key that ao itself passes to the agent (configured in the plugin's env), so the
 * "use this API key?" dialog does not stop an unattended start. A key the user rejected stays rejected.
 */
export async function approveApiKey(stateFile: string, apiKey: string): Promise<void> {
  const tail = apiKey.slice(-20);
  await updateState(stateFile, (state) => {
    const responses = isObject(state['customApiKeyResponses']) ? state['customApiKeyResponses'] : {};
    const approved = Array.isArray(responses['approved']) ? (responses['approved'] as unknown[]) : [];
    const rejected = Array.isArray(responses['rejected']) ? (responses['rejected'] as unknown[]) : [];
    if (approved.includes(tail) || rejected.includes(tail)) return false;
    state['customApiKeyResponses'] = { ...responses, approved: [...approved, tail], rejected };
    return true;
  });
}

/** The last answer per state file, with the file's mtime and size it was read at (a promise: asked 500 times at once
 * at recovery, the file is read once). */
const onboardedCache = new Map<string, { key: string; value: Promise<boolean> }>();

/**
 * Whether the install was ever set up (onboarding done). A missing or unreadable file counts as not set up. Every
 * session's watcher asks, and the file grows with every project Claude was trusted in (hundreds of worktrees): it is
 * parsed again only when it changed.
 */
export async function isOnboarded(stateFile: string): Promise<boolean> {
  const st = await stat(stateFile).catch(() => null);
  const key = st ? `${st.mtimeMs}:${st.size}:${st.ino}` : '';
  const cached = onboardedCache.get(stateFile);
  if (st && cached?.key === key) return cached.value;
  const value = readState(stateFile).then((state) => state?.['hasCompletedOnboarding'] === true);
  if (st) {
    onboardedCache.set(stateFile, { key, value });
    value.catch(() => onboardedCache.delete(stateFile)); // an unreadable file is read again next time
  }
  return value;
}

/** Why a never set up Claude Code waits on its first-run screens, and the command that sets it up. */
export const notOnboardedDetail = (setupCommand = 'claude') =>
  `Claude Code has not been set up on this machine: run \`${setupCommand}\` once in a terminal and log in`;
