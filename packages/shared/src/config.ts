import { z } from 'zod';
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
    runtime: z.string().default('tmux').describe('Runtime plugin: tmux (default) or process'),
    agent: z
      .string()
      .default('claude-code')
      .describe('Agent plugin: claude-code, codex, opencode, aider, generic'),
    workspace: z.string().default('worktree').describe('Workspace plugin: worktree (default) or clone'),
    tracker: z.string().default('none').describe('Tracker plugin for `ao start --issue`: github or none'),
    scm: z.string().default('github').describe('Where pull requests live: github'),
    plugins: z
      .array(z.string().min(1))
      .default([])
      .describe('Extra plugin modules: npm package names or paths relative to this file'),
    agents: pluginSettings,
    runtimes: pluginSettings,
    workspaces: pluginSettings,
    trackers: pluginSettings,
    scms: pluginSettings,
  })
  .strict();

export type ProjectConfigInput = z.input<typeof projectConfigSchema>;
export type ProjectConfig = z.output<typeof projectConfigSchema>;

/** JSON Schema of `ao.config.yaml`, for editor completion (written to `schema/ao.config.schema.json`). */
export function projectConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(projectConfigSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
}
