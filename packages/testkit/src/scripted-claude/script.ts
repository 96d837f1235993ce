import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes `<dir>/claude`: a bash program that stands in for the `claude` CLI. It is the agent process as the runtime
 * sees it (a few MB, no CPU while idle); what Claude does (hooks, transcript, status file) is played by the agent host
 * it connects to over loopback TCP: it sends its pid, cwd, CLAUDE_CONFIG_DIR and argv, then every line typed into its
 * terminal. Also seeds `<dir>/claude-config` so the claude-code plugin does not report the install as not onboarded.
 */
export function writeScriptedClaude(dir: string, hostPort: number): { binary: string; configDir: string } {
  if (!Number.isInteger(hostPort) || hostPort <= 0 || hostPort > 65_535)
    throw new Error(`bad port ${hostPort}`);
  mkdirSync(dir, { recursive: true });
  const binary = join(dir, 'claude');
  writeFileSync(
    binary,
    `#!/bin/bash
# Scripted Claude Code (written by @ao/testkit): its behaviour is played by the agent host on 127.0.0.1:${hostPort}.
exec 3<>/dev/tcp/127.0.0.1/${hostPort} || { echo 'scripted claude: agent host unreachable' >&2; exit 97; }
printf '%s\\0' "$$" "$PWD" "\${CLAUDE_CONFIG_DIR-}" "$#" "$@" >&3
echo 'scripted claude: ready'
while IFS= read -r line; do printf '%s\\n' "$line" >&3; done
`,
  );
  chmodSync(binary, 0o755);
  const configDir = join(dir, 'claude-config');
  mkdirSync(join(configDir, 'projects'), { recursive: true });
  writeFileSync(
    join(configDir, '.claude.json'),
    `${JSON.stringify({ hasCompletedOnboarding: true }, null, 2)}\n`,
  );
  return { binary, configDir };
}
