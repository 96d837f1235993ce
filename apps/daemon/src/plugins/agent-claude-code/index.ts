import { join } from 'node:path';
import type { Agent, PluginModule } from '@ao/shared/plugin';
import { type ClaudeCodeConfig, claudeCodeConfigSchema } from './config';
import { diagnoseClaudeExit, setupCommand } from './diagnose';
import { HookMapper } from './hook-events';
import { buildLaunchPlan } from './launch';
import { claudeCwd, claudePaths, projectSlug } from './paths';
import { probeClaude } from './probe';
import { inspectClaudeScreen } from './screen';
import { typeMessage } from './type-message';
import { watchClaude } from './watch';

/** Keys that pick "1. Yes" in Claude Code's permission dialog (the highlighted default), verified on 2.1.197 and 2.1.332. */
export const CLAUDE_APPROVE_KEYS = ['Enter'] as const;

export function createClaudeCodeAgent(config: ClaudeCodeConfig): Agent {
  const paths = claudePaths(config.configDir);
  const hooks = new HookMapper();
  return {
    canResume: true,
    launch: (ctx) =>
      buildLaunchPlan(ctx, config, paths, { configDirExplicit: config.configDir !== undefined }),
    onHook: (body) => hooks.map(body),
    // With the default config dir, `~/.claude.json` (its state file) lives beside it.
    stateDirs: () =>
      config.configDir === undefined && !process.env['CLAUDE_CONFIG_DIR']
        ? [paths.configDir, paths.stateFile]
        : [paths.configDir],
    // A remote forwarder may mirror transcripts and status files, never settings.json or hook scripts.
    forwardable: ({ cwd }) => [
      {
        dir: join(paths.configDir, 'projects', projectSlug(claudeCwd(cwd))),
        pattern: /^[A-Za-z0-9-]{1,100}\.jsonl$/,
        mode: 'append',
      },
      { dir: join(paths.configDir, 'sessions'), pattern: /^[0-9]{1,10}\.json$/, mode: 'replace' },
    ],
    watch: (ctx, emit) =>
      watchClaude(ctx, emit, {
        configDir: paths.configDir,
        stateFile: paths.stateFile,
        pricing: config.pricing,
        setupCommand: setupCommand({ binary: config.binary, configDir: config.configDir ?? null }),
      }),
    probe: (ctx) => probeClaude(ctx, { configDir: paths.configDir, pricing: config.pricing }),
    diagnoseExit: (exit) =>
      diagnoseClaudeExit(exit, {
        binary: config.binary,
        configDir: config.configDir ?? null,
        stateFile: paths.stateFile,
      }),
    inspectScreen: inspectClaudeScreen,
    typeMessage,
    approveKeys: CLAUDE_APPROVE_KEYS,
  };
}

export const agentClaudeCode = {
  manifest: {
    name: 'claude-code',
    slot: 'agent',
    description: 'Claude Code (the claude CLI) in its interactive TUI',
  },
  configSchema: claudeCodeConfigSchema,
  create: (config, _ctx) => createClaudeCodeAgent(config),
} satisfies PluginModule<'agent', typeof claudeCodeConfigSchema>;

export { type ClaudeCodeConfig, claudeCodeConfigSchema } from './config';
export { projectSlug, transcriptPath } from './paths';
