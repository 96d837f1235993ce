import { writeFileAtomic } from '../agent-shared/atomic-write';

/** The hook events ao listens to; tool events take a matcher. */
export const HOOK_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PreToolUse',
  'PostToolUse',
  'Stop',
  'Notification',
  'SessionEnd',
] as const;

const TOOL_EVENTS = new Set<string>(['PreToolUse', 'PostToolUse']);

interface HookEntry {
  matcher?: string;
  hooks: Array<{ type: 'command'; command: string; timeout: number }>;
}

/** Settings passed with `--settings` (outside the worktree): every hook runs `command` (node + the hook script). */
export function buildSettings(command: string, opts: { skipPermissions: boolean }): Record<string, unknown> {
  const hooks: Record<string, HookEntry[]> = {};
  for (const event of HOOK_EVENTS) {
    // timeout (seconds) bounds the hook even if the script misbehaved; the script itself gives up after ~3 s.
    const entry: HookEntry = { hooks: [{ type: 'command', command, timeout: 10 }] };
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
