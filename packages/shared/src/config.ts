import { z } from 'zod';
import { attributionConfigSchema } from './config-attribution';
import { autoPickupConfigSchema, autoPickupTrackerProblems } from './config-auto-pickup';
import { chatopsConfigSchema } from './config-chatops';
import { checksConfigSchema } from './config-checks';
import { conflictsConfigSchema } from './config-conflicts';
import { mergeConfigSchema } from './config-merge';
import { orchestratorConfigSchema } from './config-orchestrator';
import { notifiersConfigSchema, reactionsConfigSchema } from './config-reactions';
import { terminalConfigSchema, terminalsConfigSchema } from './config-terminal';
import { branchNameSchema, projectIdSchema } from './ids';

/**
 * `ao.config.yaml`: one file per repository, describing one project. Each plugin's own settings live under the
 * plural of its slot, keyed by plugin name (`agents.generic`, `runtimes.tmux`, ...), and are checked by that plugin's
 * zod schema when it is loaded.
 */
const pluginSettings = z
  .record(z.string(), z.unknown())
  .default({})
  .describe('Settings per plugin name, checked by that plugin when it loads');

export const projectConfigSchema = z
  .object({
    project: z
      .object({
        id: projectIdSchema.describe('Short id, used in session ids (e.g. "myrepo" gives "myrepo-1")'),
        name: z.string().min(1).max(200).describe('Display name'),
        repo: z
          .string()
          .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'owner/name')
          .optional()
          .describe('GitHub repository as owner/name, detected from the origin remote'),
        path: z.string().default('.').describe('Repository root, relative to this file'),
        defaultBranch: branchNameSchema.default('main').describe('Branch new sessions start from'),
        remote: z
          .string()
          .regex(/^[A-Za-z0-9._-]+$/)
          .default('origin')
          .describe('Git remote to fetch from and push to'),
        branchPrefix: z
          .string()
          .regex(/^[A-Za-z0-9._/-]*$/)
          .default('ao/')
          .describe('Prefix of the branches ao creates'),
      })
      .strict(),
    runtime: z
      .string()
      .default('tmux')
      .describe('Runtime plugin: tmux (default), process, container or kubernetes'),
    agent: z
      .string()
      .default('claude-code')
      .describe('Agent plugin: claude-code, codex, opencode, aider, generic'),
    workspace: z.string().default('worktree').describe('Workspace plugin: worktree (default) or clone'),
    tracker: z
      .string()
      .default('none')
      .describe(
        'Tracker plugin for `ao start --issue`: github (issue numbers), linear (ENG-42), jira (PROJ-7) or none; settings under trackers.<name>',
      ),
    scm: z.string().default('github').describe('Where pull requests live: github'),
    terminal: terminalConfigSchema,
    plugins: z
      .array(z.string().min(1))
      .default([])
      .describe('Extra plugin modules: npm package names or paths relative to this file'),
    github: z
      .object({
        webhookSecret: z
          .string()
          .min(16)
          .optional()
          .describe('Secret of the repository webhook; default: generated in <data dir>/webhook-secret'),
        pollIntervalSec: z
          .number()
          .int()
          .min(10)
          .max(3600)
          .default(60)
          .describe('How often PRs not confirmed by webhooks are polled (conditional requests)'),
        autoOpenPr: z
          .boolean()
          .default(false)
          .describe('Open a PR when the agent pushed its branch but opened none'),
        smeeUrl: z
          .string()
          .regex(/^https?:\/\/\S+$/, 'an http(s) URL')
          .optional()
          .describe('A smee.io channel: ao relays its webhooks to itself (for laptops without a public URL)'),
        autoPickup: autoPickupConfigSchema,
      })
      .strict()
      .default({ pollIntervalSec: 60, autoOpenPr: false, autoPickup: { labels: [], maxConcurrent: 5 } }),
    merge: mergeConfigSchema,
    sessions: z
      .object({
        firstPromptTimeoutSec: z
          .number()
          .int()
          .min(10)
          .max(3600)
          .default(180)
          .describe(
            'A session whose agent has not taken its first prompt after this long is shown blocked, with its screen',
          ),
        restoreAfterRestart: z
          .boolean()
          .default(true)
          .describe(
            "When ao starts and a running session's runtime is gone (the machine or ao's tmux server restarted), " +
              'bring it back on its own, resuming the conversation where the agent can',
          ),
        restoreConcurrency: z
          .number()
          .int()
          .min(1)
          .max(50)
          .default(3)
          .describe('How many sessions are brought back at once after a restart'),
      })
      .strict()
      .default({ firstPromptTimeoutSec: 180, restoreAfterRestart: true, restoreConcurrency: 3 }),
    reactions: reactionsConfigSchema.describe(
      'What ao does when CI fails, a review comes in, an agent waits, ...',
    ),
    notifiers: notifiersConfigSchema.describe('Notifier settings and routing by priority'),
    checks: checksConfigSchema.describe(
      'Flaky checks and broken base: how a failing check is classified and what ao does before waking the agent',
    ),
    conflicts: conflictsConfigSchema.describe("Predicted conflicts between live sessions' branches"),
    attribution: attributionConfigSchema.describe('Model attribution of agent commits'),
    chatops: chatopsConfigSchema.describe('Two-way chat with the fleet from Slack and Telegram'),
    orchestrator: orchestratorConfigSchema.describe(
      'The orchestrator agent: oversees the fleet, woken by events',
    ),
    agents: pluginSettings,
    runtimes: pluginSettings,
    workspaces: pluginSettings,
    trackers: pluginSettings,
    scms: pluginSettings,
    terminals: terminalsConfigSchema,
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const { path, message } of autoPickupTrackerProblems(config.tracker, config.github.autoPickup))
      ctx.addIssue({ code: 'custom', path: ['github', 'autoPickup', ...path], message });
  });

export type ProjectConfigInput = z.input<typeof projectConfigSchema>;
export type ProjectConfig = z.output<typeof projectConfigSchema>;

/** JSON Schema of `ao.config.yaml`, for editor completion (written to `schema/ao.config.schema.json`). */
export function projectConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(projectConfigSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
}
