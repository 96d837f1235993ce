import { z } from 'zod';

/** `orchestrator:` in `ao.config.yaml`: the agent that oversees the fleet, woken by events (README "Orchestrator"). */
export const orchestratorConfigSchema = z
  .object({
    enabled: z
      .boolean()
      .default(false)
      .describe(
        'Run an orchestrator session for this project (started by `ao up` and `ao orchestrator start`)',
      ),
    agent: z
      .string()
      .min(1)
      .default('claude-code')
      .describe('Agent plugin the orchestrator runs (any agent plugin; its settings come from `agents:`)'),
    agentSettings: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        "The orchestrator's own agent settings, laid over `agents.<agent>` (e.g. another model or binary than the workers')",
      ),
    scope: z
      .enum(['project', 'all'])
      .default('project')
      .describe(
        "project: one orchestrator for this project; all: one orchestrator shared by every project with scope 'all' " +
          '(it runs in the first of them)',
      ),
    wakes: z
      .object({
        maxPerHour: z
          .number()
          .int()
          .min(1)
          .default(12)
          .describe(
            'At most this many wakes in any hour; past it, triggers go to the human (notifiers) instead',
          ),
      })
      .strict()
      .default({ maxPerHour: 12 }),
    budget: z
      .object({
        tokensPerDay: z
          .number()
          .int()
          .min(0)
          .default(2_000_000)
          .describe(
            'Tokens (in + out) the orchestrator may use per UTC day, from its own usage; past it, no wakes (the human is notified instead). 0: no limit',
          ),
      })
      .strict()
      .default({ tokensPerDay: 2_000_000 }),
    briefingEveryMin: z
      .number()
      .min(0)
      .default(30)
      .describe(
        'Wake the orchestrator to refresh its briefing at most this often, only if something changed; 0: never',
      ),
    digestMaxBytes: z
      .number()
      .int()
      .min(1024)
      .max(65_536)
      .default(8192)
      .describe(
        'Upper bound of the digest a wake delivers, whatever the fleet size (it summarizes; tools give depth)',
      ),
    permissionGraceSec: z
      .number()
      .int()
      .min(0)
      .default(120)
      .describe('A permission prompt that waits longer than this wakes the orchestrator'),
    reflect: z
      .boolean()
      .default(true)
      .describe(
        "When a worker's session ends and its retrospective is written, wake the orchestrator to add a short " +
          'reflection and at most one proposed lesson (record_reflection)',
      ),
    drift: z
      .object({
        enabled: z
          .boolean()
          .default(false)
          .describe(
            "After a worker's turn ends, ask the orchestrator whether the work still matches the task (issue text vs. " +
              'diff and recent turns); a correction reaches the worker as a message and is recorded',
          ),
        minIntervalMin: z
          .number()
          .min(0)
          .default(10)
          .describe('At most one drift check per session in this many minutes (turns end often)'),
        maxCorrections: z
          .number()
          .int()
          .min(0)
          .default(3)
          .describe('Corrections per session at most; past it no more drift checks for that session'),
      })
      .strict()
      .default({ enabled: false, minIntervalMin: 10, maxCorrections: 3 })
      .describe('Drift checks: does the work still match the task?'),
  })
  .strict()
  .default({
    enabled: false,
    agent: 'claude-code',
    scope: 'project',
    wakes: { maxPerHour: 12 },
    budget: { tokensPerDay: 2_000_000 },
    briefingEveryMin: 30,
    digestMaxBytes: 8192,
    permissionGraceSec: 120,
    reflect: true,
    drift: { enabled: false, minIntervalMin: 10, maxCorrections: 3 },
  });

export type OrchestratorConfig = z.output<typeof orchestratorConfigSchema>;

/** What ao woke the orchestrator for. */
export const wakeTriggerSchema = z.enum([
  'reaction_escalated',
  'agent_blocked',
  'worker_ask',
  'worker_blocked',
  'permission_waiting',
  'briefing_due',
  'human_question',
  'human_decision',
  'session_ended',
  'drift_check',
]);
export type WakeTrigger = z.infer<typeof wakeTriggerSchema>;

/** `GET /api/orchestrator`: one entry per orchestrator (per project, or `*` for scope `all`). */
export const orchestratorStatusSchema = z.object({
  key: z.string(),
  projects: z.array(z.string()),
  agent: z.string(),
  sessionId: z.string().nullable(),
  /** running: woken on events; stopped: no live session (triggers go to the human); budget_spent: wakes go to the
   *  human until the budget frees. */
  state: z.enum(['running', 'stopped', 'budget_spent']),
  reason: z.string().nullable(),
  wakesLastHour: z.number().int(),
  maxWakesPerHour: z.number().int(),
  tokensToday: z.number().int(),
  tokensPerDay: z.number().int(),
  /** Triggers waiting for the orchestrator to be idle (delivered as one digest). */
  pending: z.number().int(),
  lastWakeAt: z.string().nullable(),
  /** A digest was delivered and its turn has not ended: triggers wait (coalesced) until the orchestrator is idle. */
  awaitingTurn: z.boolean(),
  /** How many times ao looked whether a briefing is due (it wakes only if something changed). */
  briefingChecks: z.number().int(),
});
export type OrchestratorStatus = z.infer<typeof orchestratorStatusSchema>;

export const orchestratorEventPayloadSchemas = {
  /** ao delivered a digest into the orchestrator's terminal: why, and the sessions it is about. */
  'orchestrator.woken': z.object({
    sessionId: z.string(),
    key: z.string(),
    triggers: z.array(wakeTriggerSchema),
    sessionIds: z.array(z.string()),
    bytes: z.number().int(),
  }),
  /** A trigger went to the human instead (the wake or token budget is spent, or the orchestrator is not running). */
  'orchestrator.skipped': z.object({
    key: z.string(),
    trigger: wakeTriggerSchema,
    sessionIds: z.array(z.string()),
    reason: z.string(),
  }),
  /** The orchestrator corrected a worker that drifted from its task (`correct_drift`): the message and the count. */
  'orchestrator.corrected': z.object({
    sessionId: z.string(),
    text: z.string(),
    correction: z.number().int(),
    max: z.number().int(),
  }),
} as const;
