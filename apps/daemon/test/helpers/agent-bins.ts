// Where the tests find the real agent CLIs they drive. They are not ao's dependencies (users bring their own agent
// CLIs): `npm test` installs them into test-agents/ (scripts/install-test-agents.sh). Each path can be overridden
// with an environment variable, e.g. AO_TEST_CLAUDE_BIN=$(command -v claude) to test a CLI installed elsewhere.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const TEST_AGENTS = resolve(import.meta.dirname, '../../../../test-agents/node_modules');

function agentBin(what: string, envVar: string, defaultPath: string): string {
  const path = process.env[envVar] || resolve(TEST_AGENTS, defaultPath);
  if (!existsSync(path)) {
    throw new Error(
      `${what} for the tests is missing: ${path}\n` +
        'Install the agent CLIs the tests drive with `bash scripts/install-test-agents.sh` (`npm test` does it), ' +
        `or set ${envVar} to the CLI to test.`,
    );
  }
  return path;
}

/** Claude Code at the version the tests pin (test-agents/package.json: claude-code-pinned). */
export const CLAUDE_BIN = agentBin(
  'Claude Code (pinned)',
  'AO_TEST_CLAUDE_BIN',
  'claude-code-pinned/bin/claude.exe',
);
/** The newest Claude Code that runs here (test-agents/package.json: claude-code-latest). */
export const CLAUDE_LATEST_BIN = agentBin(
  'Claude Code (latest)',
  'AO_TEST_CLAUDE_LATEST_BIN',
  'claude-code-latest/bin/claude.exe',
);
/** The Codex CLI (npm @openai/codex). */
export const CODEX_BIN = agentBin('The Codex CLI', 'AO_TEST_CODEX_BIN', '.bin/codex');
/** The OpenCode CLI (npm opencode-ai). */
export const OPENCODE_BIN = agentBin('The OpenCode CLI', 'AO_TEST_OPENCODE_BIN', '.bin/opencode');
