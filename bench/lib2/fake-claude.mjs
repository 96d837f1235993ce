// A stand-in for the `claude` CLI: a script that only sleeps, and a CLAUDE_CONFIG_DIR seeded so the claude-code
// plugin does not report the install as "not onboarded" (blocked).
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes `<dir>/claude` (sleeps; ignores its arguments) and `<dir>/claude-config/.claude.json`. */
export function makeFakeClaude(dir) {
  const binary = join(dir, 'claude');
  writeFileSync(
    binary,
    '#!/bin/sh\n# ao bench: plays the claude CLI by sleeping; the bench sends its signals.\nexec sleep 3600\n',
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

/** The project config keys that make `claude-code` (this fake) the agent. */
export function claudeAgentConfig(fake) {
  return {
    agent: 'claude-code',
    runtime: 'tmux',
    agents: { 'claude-code': { binary: fake.binary, configDir: fake.configDir } },
  };
}

/** Claude Code's project folder name for a cwd (the rule in FACTS.md and the plugin's paths.ts). */
export function projectSlug(cwd) {
  const slug = cwd.replace(/[^a-zA-Z0-9]/g, '-');
  if (slug.length <= 200) return slug;
  let h = 0;
  for (let i = 0; i < cwd.length; i++) h = ((h << 5) - h + cwd.charCodeAt(i)) | 0;
  return `${slug.slice(0, 200)}-${Math.abs(h).toString(36)}`;
}

/** `<configDir>/projects/<slug(cwd)>/<agentSessionId>.jsonl`: the exact file the plugin tails. */
export const transcriptFile = (configDir, cwd, agentSessionId) =>
  join(configDir, 'projects', projectSlug(cwd), `${agentSessionId}.jsonl`);
