import { z } from 'zod';

/**
 * The `reactions:` and `notifiers:` sections of `ao.config.yaml`. Keys are written as in the issue (snake_case,
 * durations like `30m`); the parsed output is camelCase with durations in milliseconds, and every reaction kind is
 * present (filled from `REACTION_DEFAULTS` when absent).
 */

export const reactionKinds = [
  'ci_failed',
  'changes_requested',
  'bot_review',
  'merge_conflict',
  'approved',
  'agent_stuck',
  'agent_needs_input',
  'agent_exited',
  'all_complete',
] as const;
export type ReactionKind = (typeof reactionKinds)[number];

export const notificationPrioritySchema = z.enum(['urgent', 'action', 'warning', 'info']);
export type Priority = z.infer<typeof notificationPrioritySchema>;

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses `90s`, `30m`, `2h`, `1d`, `500ms` to milliseconds; throws on anything else. */
export function parseDuration(text: string): number {
  const m = /^(\d+)\s*(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) throw new Error(`not a duration: ${JSON.stringify(text)} (expected e.g. 30s, 30m, 2h, 1d)`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

export const durationSchema = z
  .string()
  .regex(/^\d+\s*(ms|s|m|h|d)$/, 'a duration like 30s, 30m, 2h or 1d')
  .transform((s) => parseDuration(s))
  .describe('A duration: a number followed by ms, s, m, h or d (e.g. 30m)');

const actionSchema = z.enum(['spawn_agent', 'notify', 'auto_merge']);
export type ReactionActionName = z.infer<typeof actionSchema>;

const channelsSchema = z
  .union([z.string().min(1), z.array(z.string().min(1))])
  .transform((v) => (typeof v === 'string' ? [v] : v));

export const reactionRuleInputSchema = z
  .object({
    action: actionSchema
      .optional()
      .describe('spawn_agent: send to the agent (restored first if it died); notify; auto_merge'),
    enabled: z.boolean().optional().describe('false turns this reaction off'),
    prompt: z.string().min(1).optional().describe('With spawn_agent: the message sent to the agent'),
    message: z.string().min(1).optional().describe('With notify: the notification text'),
    channel: channelsSchema.optional().describe('Notifier name(s); default: routing by priority'),
    priority: notificationPrioritySchema.optional(),
    retries: z
      .number()
      .int()
      .min(0)
      .max(100)
      .optional()
      .describe('Sends to the agent before escalating to a human'),
    escalate_after: z
      .union([durationSchema, z.literal('never')])
      .optional()
      .describe('Escalate when still unresolved this long after the first attempt'),
    after: durationSchema.optional().describe('agent_stuck: how long idle counts as stuck'),
    merge_method: z.enum(['merge', 'squash', 'rebase']).optional().describe('With auto_merge'),
    require_checks: z.boolean().optional().describe('auto_merge: require passing checks (not merely none)'),
  })
  .strict();

export interface ReactionRule {
  action: ReactionActionName;
  enabled: boolean;
  prompt: string;
  message: string;
  /** Notifier names; null means route by priority. */
  channels: string[] | null;
  priority: Priority;
  retries: number;
  escalateAfterMs: number | null;
  afterMs: number;
  mergeMethod: 'merge' | 'squash' | 'rebase';
  requireChecks: boolean;
}

const base = {
  enabled: true,
  channels: null,
  retries: 3,
  escalateAfterMs: 30 * 60_000,
  afterMs: 10 * 60_000,
  mergeMethod: 'squash',
  requireChecks: false,
} as const;

export const REACTION_DEFAULTS: Record<ReactionKind, ReactionRule> = {
  ci_failed: {
    ...base,
    action: 'spawn_agent',
    prompt: 'CI failed on this PR. Read the failure logs and fix the issues.',
    message: 'CI failed.',
    priority: 'action',
  },
  changes_requested: {
    ...base,
    action: 'spawn_agent',
    prompt: 'Review comments have been posted. Address each comment and push fixes.',
    message: 'Changes were requested on the PR.',
    priority: 'action',
  },
  bot_review: {
    ...base,
    action: 'spawn_agent',
    prompt:
      'Automated review bots commented on this PR. For each comment, fix the code and push, or reply explaining why it does not apply.',
    message: 'Review bots commented on the PR.',
    priority: 'action',
  },
  merge_conflict: {
    ...base,
    action: 'spawn_agent',
    retries: 2,
    prompt:
      'This PR has merge conflicts with its base branch. Merge or rebase onto the base branch, resolve them, and push.',
    message: 'The PR has merge conflicts.',
    priority: 'action',
  },
  approved: {
    ...base,
    action: 'notify',
    prompt: 'The PR was approved.',
    message: 'PR approved and ready to merge.',
    priority: 'action',
  },
  agent_stuck: {
    ...base,
    action: 'notify',
    retries: 1,
    prompt: 'You seem to have stopped. Continue the task, or explain what blocks you.',
    message: 'The agent looks stuck.',
    priority: 'urgent',
  },
  agent_needs_input: {
    ...base,
    action: 'notify',
    prompt: '',
    message: 'The agent is waiting for your input.',
    priority: 'urgent',
  },
  agent_exited: {
    ...base,
    action: 'notify',
    retries: 1,
    prompt: 'You were restarted. Continue the task where you left off.',
    message: 'The agent exited before its work was done.',
    priority: 'warning',
  },
  all_complete: {
    ...base,
    action: 'notify',
    prompt: '',
    message: 'All sessions are complete.',
    priority: 'info',
  },
};

type RuleInput = z.output<typeof reactionRuleInputSchema>;

function mergeRule(kind: ReactionKind, input: RuleInput | undefined): ReactionRule {
  const d = REACTION_DEFAULTS[kind];
  if (!input) return { ...d };
  return {
    action: input.action ?? d.action,
    enabled: input.enabled ?? d.enabled,
    prompt: input.prompt ?? d.prompt,
    message: input.message ?? d.message,
    channels: input.channel ?? d.channels,
    priority: input.priority ?? d.priority,
    retries: input.retries ?? d.retries,
    escalateAfterMs: input.escalate_after === 'never' ? null : (input.escalate_after ?? d.escalateAfterMs),
    afterMs: input.after ?? d.afterMs,
    mergeMethod: input.merge_method ?? d.mergeMethod,
    requireChecks: input.require_checks ?? d.requireChecks,
  };
}

const reactionsShape = Object.fromEntries(
  reactionKinds.map((k) => [k, reactionRuleInputSchema.optional()]),
) as {
  [K in ReactionKind]: z.ZodOptional<typeof reactionRuleInputSchema>;
};

export const reactionsConfigSchema = z
  .object(reactionsShape)
  .strict()
  .default({})
  .transform((input) => {
    const out = {} as Record<ReactionKind, ReactionRule>;
    for (const kind of reactionKinds) out[kind] = mergeRule(kind, input[kind]);
    return out;
  })
  .superRefine((rules, ctx) => {
    for (const kind of reactionKinds) {
      const r = rules[kind];
      if (r.action === 'auto_merge' && kind !== 'approved') {
        ctx.addIssue({
          code: 'custom',
          path: [kind, 'action'],
          message: 'auto_merge is only valid for approved',
        });
      }
      if (r.action === 'spawn_agent' && (kind === 'agent_needs_input' || kind === 'all_complete')) {
        ctx.addIssue({
          code: 'custom',
          path: [kind, 'action'],
          message: `spawn_agent is not valid for ${kind}`,
        });
      }
    }
  });
export type ReactionsConfig = z.output<typeof reactionsConfigSchema>;

export const DEFAULT_ROUTING: Record<Priority, string[]> = {
  urgent: ['desktop'],
  action: ['desktop'],
  warning: [],
  info: [],
};

const routingSchema = z
  .object({
    urgent: z.array(z.string().min(1)).optional(),
    action: z.array(z.string().min(1)).optional(),
    warning: z.array(z.string().min(1)).optional(),
    info: z.array(z.string().min(1)).optional(),
  })
  .strict()
  .default({})
  .transform((r): Record<Priority, string[]> => ({ ...DEFAULT_ROUTING, ...r }))
  .describe('Notifier names per priority');

/**
 * `notifiers:` `routing` sends each priority to named notifiers; every other key is one notifier's settings
 * (`slack: { webhookUrl }`, `webhook: { url, secret }`, `desktop: {}`), checked by that plugin's schema.
 */
export const notifiersConfigSchema = z
  .object({ routing: routingSchema })
  .catchall(z.record(z.string(), z.unknown()))
  .default({ routing: { ...DEFAULT_ROUTING } });
export type NotifiersConfig = z.output<typeof notifiersConfigSchema>;
