import { z } from 'zod';

/** No control characters: a value goes into a tracker query (as data), never a line break into a log or JQL. */
const plainText = (what: string) =>
  z
    .string()
    .min(1)
    .max(200)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), `${what} without control characters`);

/**
 * `github.autoPickup`: which issues of the project's tracker (GitHub, Linear or Jira) get a session on their own.
 * Every filter given must match (labels: any of them); `states` and `assignee` are applied by the tracker's own query.
 */
export const autoPickupConfigSchema = z
  .object({
    labels: z
      .array(z.string().min(1))
      .default([])
      .describe(
        "Open issues of the project's tracker (GitHub, Linear or Jira) with any of these labels get a session",
      ),
    states: z
      .array(plainText('a state name'))
      .min(1)
      .optional()
      .describe(
        'Only open issues in one of these states (exact names): Linear workflow states ("Todo"), Jira statuses ' +
          '("To Do"); GitHub has only "open". Done/canceled issues are never picked',
      ),
    assignee: plainText('an assignee')
      .optional()
      .describe(
        'Only issues assigned to: Linear, a user\'s email or "me" (the API key\'s user); Jira, an accountId or ' +
          '"currentUser()"; GitHub, a login, "none" (unassigned) or "*" (assigned to anyone)',
      ),
    maxConcurrent: z.number().int().min(1).max(100).default(5).describe('Cap on sessions started this way'),
  })
  .strict()
  .default({ labels: [], maxConcurrent: 5 })
  .describe('Auto-pickup is on when labels, states or assignee is set; all that are set must match');

export type AutoPickupConfig = z.output<typeof autoPickupConfigSchema>;

const GITHUB_ASSIGNEE = /^(?:none|\*|[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?)$/;

/**
 * The auto-pickup filters a tracker cannot take, as problems at their key paths (under `github.autoPickup`):
 * GitHub lists only open issues (states other than "open") and takes logins; Linear takes an email or "me".
 */
export function autoPickupTrackerProblems(
  tracker: string,
  pickup: AutoPickupConfig,
): Array<{ path: Array<string | number>; message: string }> {
  const out: Array<{ path: Array<string | number>; message: string }> = [];
  const { states, assignee } = pickup;
  if (tracker === 'github') {
    for (const [i, s] of (states ?? []).entries())
      if (s !== 'open')
        out.push({
          path: ['states', i],
          message: `GitHub auto-pickup lists open issues only: "open", not "${s}"`,
        });
    if (assignee !== undefined && !GITHUB_ASSIGNEE.test(assignee))
      out.push({ path: ['assignee'], message: 'for GitHub: a login, "none" or "*"' });
  }
  if (
    tracker === 'linear' &&
    assignee !== undefined &&
    assignee !== 'me' &&
    !/^[^@\s]+@[^@\s]+$/.test(assignee)
  )
    out.push({ path: ['assignee'], message: 'for Linear: a user\'s email or "me"' });
  return out;
}
