import { writeFileAtomic } from '../agent-shared/atomic-write';

/** The hook events ao listens to; tool events take a matcher. */
export const HOOK_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PreToolUse',
  'PostToolUse',
  'Stop',
  'StopFailure',
  'Notification',
  'SessionEnd',
] as const;

const TOOL_EVENTS = new Set<string>(['PreToolUse', 'PostToolUse']);
/** Events Claude Code runs only command hooks for ("HTTP hooks are not supported for SessionStart", both versions). */
const COMMAND_ONLY = new Set<string>(['SessionStart']);
/** Seconds Claude waits for a hook (the command script gives up after ~3 s itself). */
const TIMEOUT_S = 10;

type Hook =
  | { type: 'command'; command: string; timeout: number }
  | { type: 'http'; url: string; headers: Record<string, string>; timeout: number };

interface HookEntry {
  matcher?: string;
  hooks: Hook[];
}

export interface HookTargets {
  /** Runs the hook script (node + script path, both validated): for events without http hooks, or all of them. */
  command: string;
  /** POST straight to the daemon, no process per event; null: command hooks for everything. */
  http: { url: string; secret: string } | null;
}

/**
 * Settings passed with `--settings` (a 0600 file outside the worktree). With `http`, every event but SessionStart is
 * POSTed by Claude itself to the daemon, the secret in a header of this file only (never on a command line or in the
 * environment); SessionStart, and every event without `http`, runs the command.
 */
export function buildSettings(
  targets: HookTargets,
  opts: { skipPermissions: boolean },
): Record<string, unknown> {
  const hooks: Record<string, HookEntry[]> = {};
  for (const event of HOOK_EVENTS) {
    const hook: Hook =
      targets.http && !COMMAND_ONLY.has(event)
        ? {
            type: 'http',
            url: targets.http.url,
            headers: { 'X-Ao-Hook-Secret': targets.http.secret },
            timeout: TIMEOUT_S,
          }
        : { type: 'command', command: targets.command, timeout: TIMEOUT_S };
    const entry: HookEntry = { hooks: [hook] };
    if (TOOL_EVENTS.has(event)) entry.matcher = '*';
    hooks[event] = [entry];
  }
  const settings: Record<string, unknown> = { hooks };
  // The user chose skip in ao's config: do not stop on the "dangerous mode" confirmation too.
  if (opts.skipPermissions) settings['skipDangerousModePermissionPrompt'] = true;
  return settings;
}

export async function writeSettings(path: string, settings: Record<string, unknown>): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(settings, null, 2)}\n`, 0o600);
}
