// Compatibility: bench/web-*.mjs and bench/github-requests*.mjs (owned elsewhere) import this path. Everything here is
// @ao/testkit (packages/testkit, built to dist/testkit.mjs); import it from there and delete this file.
import { makeProject } from '../../packages/testkit/dist/testkit.mjs';

/** The older signature: `config` (or a function of the scratch folder) on top, `projectExtra` in `project:`. */
export const makeConfiguredProject = (id, config, projectExtra = {}) =>
  makeProject(id, typeof config === 'function' ? ({ scratch }) => config(scratch) : config, {
    project: projectExtra,
    tmpPrefix: 'ao-bench2-',
  });
