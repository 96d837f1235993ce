import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The Claude Code binaries the real-CLI suites run against: the pinned one (the repo's devDependency) and the newest
 * one that runs here (installed outside the repo: `npm install --prefix /tmp/claude-latest @anthropic-ai/claude-code@…`).
 * Overridable with AO_TEST_CLAUDE_BIN / AO_TEST_CLAUDE_LATEST_BIN. The one place to change when a shared helper lands.
 */
export const CLAUDE_BIN =
  process.env['AO_TEST_CLAUDE_BIN'] ?? resolve(import.meta.dirname, '../../../../node_modules/.bin/claude');
export const CLAUDE_LATEST_BIN =
  process.env['AO_TEST_CLAUDE_LATEST_BIN'] ?? '/tmp/claude-latest/node_modules/.bin/claude';

export interface ClaudeBin {
  /** 'pinned' or 'latest', for test names. */
  name: string;
  path: string;
}

/**
 * The binaries to run a suite against (for `describe.each`): the pinned one and the newest one.
 * AO_TEST_CLAUDE_VERSIONS=pinned (or latest) runs only that one. A missing binary fails the suite loudly, with the
 * command that installs it: never a silent skip.
 */
export function claudeBins(): ClaudeBin[] {
  const all: ClaudeBin[] = [
    { name: 'pinned', path: CLAUDE_BIN },
    { name: 'latest', path: CLAUDE_LATEST_BIN },
  ];
  const only = process.env['AO_TEST_CLAUDE_VERSIONS'];
  const chosen = only ? all.filter((b) => only.split(',').includes(b.name)) : all;
  for (const b of chosen) {
    if (!existsSync(b.path)) {
      throw new Error(
        `Claude Code (${b.name}) is not installed at ${b.path}: ${INSTALL[b.name]} (or run only the other one with AO_TEST_CLAUDE_VERSIONS)`,
      );
    }
  }
  return chosen;
}

const INSTALL: Record<string, string> = {
  pinned: 'npm install (the repository pins it)',
  latest: 'npm install --prefix /tmp/claude-latest @anthropic-ai/claude-code@2.1.332 --no-audit --no-fund',
};
