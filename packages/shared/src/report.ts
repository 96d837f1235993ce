import { z } from 'zod';
import { lessonEffectSchema } from './lessons';

/** One session of the period as the report lists it (`GET /api/report?sessions=N`, `ao report --sessions`). */
export const sessionReportRowSchema = z.object({
  session: z.string(),
  project: z.string(),
  /** `issue:<key>` or `prompt`, and the session's title. */
  task: z.string(),
  title: z.string(),
  agent: z.string(),
  models: z.array(z.string()),
  costUsd: z.number(),
  tokens: z.number().int(),
  startedAt: z.string(),
  /** Minutes from the start to the first PR; null without a PR. */
  firstPrMinutes: z.number().nullable(),
  /** PR heads whose CI failed, failure → fix cycles, and the failures classified flaky (shown apart). */
  ciFailures: z.number().int(),
  fixCycles: z.number().int(),
  flakyCycles: z.number().int(),
  reviewRounds: z.number().int(),
  /** merged | closed | abandoned | killed; null while the session lives. */
  endState: z.string().nullable(),
  /** Minutes from the start to the merge; null unless merged. */
  mergeMinutes: z.number().nullable(),
});

/** `GET /api/report`: what ao did over a period, from its database and git (DESIGN.md §12). */
export const reportSchema = z.object({
  since: z.string(),
  until: z.string(),
  projects: z.array(z.string()),
  /** Projects whose repository git could not read (their commits are not counted), with why. */
  unreadable: z.array(z.object({ project: z.string(), error: z.string() })),
  totals: z.object({
    sessions: z.number().int(),
    prsCreated: z.number().int(),
    prsMerged: z.number().int(),
    commits: z.number().int(),
    linesAdded: z.number().int(),
    aiCommits: z.number().int(),
    /** aiCommits / commits (0 when there are none). */
    aiShare: z.number(),
    peakConcurrentAgents: z.number().int(),
  }),
  days: z.array(
    z.object({
      day: z.string(),
      mainCommits: z.number().int(),
      branchCommits: z.number().int(),
      linesAdded: z.number().int(),
      prsMerged: z.number().int(),
    }),
  ),
  models: z.array(z.object({ model: z.string(), commits: z.number().int() })),
  reviewers: z.array(
    z.object({
      kind: z.enum(['human', 'bot', 'agent']),
      reviews: z.number().int(),
      inlineComments: z.number().int(),
      share: z.number(),
    }),
  ),
  ci: z.array(
    z.object({
      session: z.string(),
      branch: z.string(),
      failures: z.number().int(),
      fixCycles: z.number().int(),
      flaky: z.number().int(),
      successes: z.number().int(),
      outcome: z.string(),
    }),
  ),
  reviewComments: z.object({
    fixed: z.number().int(),
    explained: z.number().int(),
    deferred: z.number().int(),
    open: z.number().int(),
  }),
  fixLoops: z.array(
    z.object({
      session: z.string(),
      branch: z.string(),
      head: z.string(),
      checks: z.array(z.string()),
      minutes: z.number(),
      fixed: z.boolean(),
    }),
  ),
  /** Each accepted lesson's effect (its project's sessions before vs after it), newest first. */
  lessons: z.array(lessonEffectSchema),
  /** Only when asked for (`sessions=N`): the sessions of the period, newest first, at most N, and how many in all. */
  sessions: z.object({ total: z.number().int(), rows: z.array(sessionReportRowSchema) }).optional(),
});
export type Report = z.infer<typeof reportSchema>;
export type SessionReportRow = z.infer<typeof sessionReportRowSchema>;
