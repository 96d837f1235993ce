import { join } from 'node:path';
import type { StateSeed } from '@ao/shared/plugin';
import { writeFileAtomic } from '../agent-shared/atomic-write';
import { isOnboarded } from './claude-state';
import type { ClaudePaths } from './paths';

/** The seed's file name in the session dir (shipped with the settings; it is copied to `.claude.json` in the pod). */
export const SEED_FILE = 'claude-state-seed.json';

/**
 * The part of Claude's `.claude.json` ao prepared for this session, for an agent that does not see the daemon's disk
 * (a pod): onboarding done when it is done here (never otherwise: an install never set up has no login), trust of the
 * session's paths, and the approval of the API key ao passes. Nothing else of the user's state (other projects, its
 * account, its history) is copied. Written 0600 in the session dir; the runtime copies it into a writable config dir
 * (`CLAUDE_CONFIG_DIR`, set there so the state file is `<configDir>/.claude.json` whatever the pod's home).
 */
export async function writeStateSeed(
  sessionDir: string,
  paths: ClaudePaths,
  cwds: readonly string[],
  apiKey: string | undefined,
): Promise<{ file: string; seed: StateSeed }> {
  const state: Record<string, unknown> = {};
  if (await isOnboarded(paths.stateFile)) state['hasCompletedOnboarding'] = true;
  state['projects'] = Object.fromEntries(cwds.map((cwd) => [cwd, { hasTrustDialogAccepted: true }]));
  if (apiKey) state['customApiKeyResponses'] = { approved: [apiKey.slice(-20)], rejected: [] };
  const file = join(sessionDir, SEED_FILE);
  await writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`, 0o600);
  return {
    file,
    seed: {
      dir: paths.configDir,
      copies: [{ from: file, to: join(paths.configDir, '.claude.json') }],
      env: { CLAUDE_CONFIG_DIR: paths.configDir },
    },
  };
}
