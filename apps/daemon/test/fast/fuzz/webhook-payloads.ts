import fc from 'fast-check';
import type { z } from 'zod';
import * as p from '../../../src/webhooks/payload-schemas';
import { jsonSchemaOf, validOf } from './schema-arbitrary';

/** The payload shapes ao reads, by event (from its own zod schemas), so signed deliveries get past the parsing. */
const shapes: z.ZodType[] = [
  p.pullRequestEvent,
  p.reviewEvent,
  p.reviewCommentEvent,
  p.reviewThreadEvent,
  p.issueCommentEvent,
  p.checkRunEvent,
  p.checkSuiteEvent,
  p.workflowRunEvent,
  p.statusEvent,
  p.pushEvent,
  p.issuesEvent,
  p.pingEvent,
];

/** A payload of one of those shapes, sometimes naming the test project's (absent) repository or a fork's. */
export const webhookPayload: fc.Arbitrary<unknown> = fc
  .tuple(
    fc.oneof(...shapes.map((s) => validOf(jsonSchemaOf(s)))),
    fc.constantFrom('owner/fast', 'someone/else', ''),
    fc.option(fc.constantFrom('opened', 'closed', 'synchronize', 'completed', 'submitted', 'created')),
  )
  .map(([payload, repo, action]) => {
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return payload;
    const out = { ...(payload as Record<string, unknown>) };
    if (repo && out.repository && typeof out.repository === 'object') out.repository = { full_name: repo };
    if (action) out.action = action;
    return out;
  });
