// Compatibility: bench/web-*.mjs and bench/github-requests*.mjs (owned elsewhere) import this path. Everything here is
// @ao/testkit (packages/testkit, built to dist/testkit.mjs); import it from there and delete this file.
export {
  checkRunPayload,
  deliver,
  example,
  pullRequestPayload,
  signedDelivery,
} from '../../packages/testkit/dist/testkit.mjs';
