import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { AgentDiagnosis } from '@ao/shared/plugin';

export interface DiagnoseOptions {
  /** The executable ao runs (for the fix command). */
  binary: string;
  /** CLAUDE_CONFIG_DIR when ao sets one (the fix must use the same config). */
  configDir: string | null;
  /** `.claude.json`: whether this install was ever set up. */
  stateFile: string;
}

const quote = (s: string) => (/^[A-Za-z0-9_./:@=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The command a user runs once to set Claude Code up (log in) with the config ao gives it. */
export function setupCommand(o: Pick<DiagnoseOptions, 'binary' | 'configDir'>): string {
  const env = o.configDir ? `CLAUDE_CONFIG_DIR=${quote(o.configDir)} ` : '';
  return `${env}${quote(o.binary)}`;
}

/** Whether `binary` (a path, or a name looked up on PATH) names an executable file. */
export function executableExists(binary: string, path = process.env['PATH'] ?? ''): boolean {
  const candidates = binary.includes('/')
    ? [binary]
    : path
        .split(delimiter)
        .filter((dir) => isAbsolute(dir))
        .map((dir) => join(dir, binary));
  return candidates.some((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      // not there or not executable: try the next
      return false;
    }
  });
}

function onboarded(stateFile: string): boolean | null {
  try {
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { hasCompletedOnboarding?: unknown };
    return state.hasCompletedOnboarding === true;
  } catch (err) {
    // No file: never set up. Unreadable or not JSON: we cannot tell.
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? false : null;
  }
}

/**
 * Known reasons for Claude Code to end by itself right after start, from its exit and the last lines it printed
 * (verified on 2.1.197 and 2.1.332): an install never set up checks api.anthropic.com before anything else and exits
 * 1 with "Unable to connect to Anthropic services" when it cannot reach it (even with ANTHROPIC_BASE_URL set); a CLI
 * that refuses ao's arguments (too old); a missing executable; bypass mode as root without IS_SANDBOX.
 */
export function diagnoseClaudeExit(
  exit: { exitCode: number | null; lastLines: readonly string[] },
  o: DiagnoseOptions,
): AgentDiagnosis | null {
  const lines = exit.lastLines.map((l) => l.trim()).filter((l) => l !== '');
  const find = (re: RegExp) => lines.find((l) => re.test(l));
  const setup = `run \`${setupCommand(o)}\` once in a terminal with internet access and log in`;

  const offline = find(/Unable to connect to Anthropic services|Failed to connect to api\.anthropic\.com/);
  if (offline) {
    const why = find(/Failed to connect to/) ?? offline;
    const fresh = onboarded(o.stateFile) === false;
    const detail = fresh
      ? `Claude Code was never set up here (no login), and it cannot reach Anthropic to do it (${why})`
      : `Claude Code cannot reach Anthropic's servers (${why})`;
    return {
      detail,
      fix: fresh ? setup : 'check the network connection (or proxy settings), then restore the session',
    };
  }
  const notLoggedIn = find(/Not logged in|Please run \/login|Invalid API key/);
  if (notLoggedIn) {
    return {
      detail: `Claude Code is not logged in: ${notLoggedIn}`,
      fix: `${setup}, or set a valid ANTHROPIC_API_KEY in agents.claude-code.env`,
    };
  }
  const refused = find(/^error: (unknown option|option '.*' argument '.*' is invalid|too many arguments)/);
  if (refused) {
    return {
      detail: `this Claude Code does not accept ao's arguments (${refused})`,
      fix: 'npm install -g @anthropic-ai/claude-code@latest',
    };
  }
  const root = find(/cannot be used with root\/sudo privileges/);
  if (root) {
    return {
      detail: `Claude Code refuses to skip permissions as root (${root})`,
      fix: 'set permissions: default (or auto-edit) for claude-code, or run ao as a regular user',
    };
  }
  // tmux shows nothing when the program cannot be started at all (the pane just dies with status 1).
  if (exit.exitCode !== 0 && !executableExists(o.binary)) {
    return {
      detail: `the Claude Code executable was not found (${o.binary})`,
      fix: 'npm install -g @anthropic-ai/claude-code (or set agents.claude-code.binary to its path)',
    };
  }
  return null;
}
