export { type HookRun, type HookSettings, type HookSpec, hooksFor, httpEquivalent, runHook } from './hooks';
export {
  type AgentHost,
  type HookDelivery,
  parseClaudeArgs,
  removeStatusFile,
  type ScriptedAgent,
  startAgentHost,
  type TurnOptions,
} from './host';
export { writeScriptedClaude } from './script';
export { MODEL, openTranscript, projectSlug, type Transcript, USAGE } from './transcript';

/**
 * The project config keys that make the claude-code plugin run the scripted Claude (`hooks`: the plugin's hook
 * delivery setting where it has one; omitted, the plugin's default).
 */
export function scriptedClaudeConfig(
  fake: { binary: string; configDir: string },
  opts: { hooks?: 'http' | 'command'; runtime?: 'tmux' | 'process' } = {},
): Record<string, unknown> {
  return {
    agent: 'claude-code',
    runtime: opts.runtime ?? 'tmux',
    agents: {
      'claude-code': {
        binary: fake.binary,
        configDir: fake.configDir,
        ...(opts.hooks ? { hooks: opts.hooks } : {}),
      },
    },
  };
}
