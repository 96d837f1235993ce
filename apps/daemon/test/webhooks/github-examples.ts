// Moved to @ao/testkit (packages/testkit/src/webhooks.ts). Kept only for apps/web/e2e/github-fixture.ts until the
// dashboard's end-to-end tests import @ao/testkit; delete then.
export { example, forRepo, pullRequestPayload, sign, signedDelivery } from '@ao/testkit';
