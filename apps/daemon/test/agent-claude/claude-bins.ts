import { CLAUDE_BIN, CLAUDE_LATEST_BIN } from '../helpers/agent-bins';

/**
 * The Claude Code binaries the real-CLI suites run against: the pinned one and the newest one that runs here, both
 * installed by `npm test` into test-agents/ (helpers/agent-bins.ts, which fails loudly when one is missing, with the
 * command that installs it). AO_TEST_CLAUDE_VERSIONS=pinned (or latest) runs only that one.
 */
export { CLAUDE_BIN, CLAUDE_LATEST_BIN };

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
  return chosen;
}
