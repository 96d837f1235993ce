// Moved to @ao/testkit (packages/testkit/src/fake-github/). Kept only for apps/web/e2e/github-fixture.ts until the
// dashboard's end-to-end tests import @ao/testkit; delete then.
export { type FakeGitHub, startFakeGitHub } from '@ao/testkit';
