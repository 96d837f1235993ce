// Compatibility: bench/web-*.mjs and bench/github-requests*.mjs (owned elsewhere) import this path. Everything here is
// @ao/testkit (packages/testkit, built to dist/testkit.mjs); import it from there and delete this file.
import { idleGenericAgent, makeProject as make } from '../../packages/testkit/dist/testkit.mjs';

/** The older signature: the generic agent running `agentCommand` with `prompt: none`, and `runtimes`. */
export const makeProject = (id, { agentCommand = ['sleep', '3600'], runtimes = {} } = {}) =>
  make(id, { ...idleGenericAgent(agentCommand), runtimes }, { tmpPrefix: 'ao-bench-git-' });
