import type { Agent, PluginModule } from '@ao/shared/plugin';
import { type CodexConfig, codexConfigSchema, codexHome } from './config';
import { diagnoseCodexExit } from './exit';
import { launchCodex } from './launch';
import { notifyObservation } from './notify';
import { probeCodex } from './probe';
import { inspectCodexScreen } from './screen';
import { typeMessage } from './type-message';
import { watchCodex } from './watch';

/** Codex CLI (interactive TUI): status from its rollout file, its notify program and its screen. */
export const agentCodex = {
  manifest: { name: 'codex', slot: 'agent', description: 'OpenAI Codex CLI (interactive TUI)' },
  configSchema: codexConfigSchema,
  create(config: CodexConfig): Agent {
    // cwd → thread id of the sessions being watched, so notify callbacks from other threads (title generation) are
    // told apart from the session's own.
    const threads = new Map<string, string>();
    return {
      canResume: true,
      // Codex's approval dialog: "1. Yes, proceed (y)".
      approveKeys: ['y'],
      launch: (ctx) => launchCodex(config, ctx),
      stateDirs: () => [codexHome(config)],
      onHook: (body) => notifyObservation(body, (cwd) => threads.get(cwd) ?? null),
      watch(ctx, emit) {
        const mine = new Set<string>();
        const w = watchCodex(ctx, emit, {
          home: codexHome(config),
          onThread: (cwd, id) => {
            threads.set(cwd, id);
            mine.add(cwd);
          },
        });
        return {
          close() {
            w.close();
            for (const cwd of mine) threads.delete(cwd);
          },
        };
      },
      probe: (ctx) => probeCodex(ctx, codexHome(config)),
      typeMessage,
      inspectScreen: inspectCodexScreen,
      diagnoseExit: diagnoseCodexExit,
    };
  },
} satisfies PluginModule<'agent', typeof codexConfigSchema>;
export { type CodexConfig, codexConfigSchema } from './config';
