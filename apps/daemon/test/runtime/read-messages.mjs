// Moved to packages/testkit/agents/read-messages.mjs (READ_MESSAGES in @ao/testkit). Kept only for
// apps/web/e2e/github-fixture.ts, which runs this path, until it imports @ao/testkit; delete then.
import '../../../../packages/testkit/agents/read-messages.mjs';
