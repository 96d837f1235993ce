// An ao agent plugin. ao imports this module and uses its default export: { manifest, configSchema, create }.
// manifest.slot and manifest.name must match the "ao" field of package.json (ao checks both when it adds the plugin).
import { z } from 'zod';

/** Settings: `agents.example` in ao.config.yaml. Every key has a default, so the plugin works with none. */
const configSchema = z
  .object({
    command: z
      .array(z.string().min(1))
      .min(1)
      .default(['bash', '--noprofile', '--norc'])
      .describe('the program to run in the session terminal, as an argument array'),
    preamble: z
      .string()
      .max(2000)
      .default('')
      .describe('house rules typed before the first prompt, on the same line'),
    typeDelayMs: z
      .number()
      .int()
      .min(0)
      .max(60_000)
      .default(300)
      .describe('how long to wait after start before typing the prompt'),
    env: z.record(z.string(), z.string()).default({}).describe('extra environment variables'),
  })
  .strict();

export default {
  manifest: {
    name: 'example',
    slot: 'agent',
    description: 'runs any terminal program and types the first prompt into it, after your house rules',
  },
  configSchema,
  /**
   * Called once per distinct settings. Returns the slot's interface: for an agent, `launch` (how to start it) and
   * `canResume`; optional methods (`onHook`, `watch`, `probe`, `diagnoseExit`, ...) give ao better signals.
   * @param {import('zod').infer<typeof configSchema>} config the settings, already checked and with defaults filled in
   * @param {{ dataDir: string, logger: { info: Function, warn: Function }, exec: Function }} ctx
   */
  create(config, ctx) {
    return {
      canResume: false,
      async launch(session) {
        ctx.logger.info({ sessionId: session.sessionId }, 'example agent launching');
        const text = [config.preamble, session.prompt ?? ''].filter(Boolean).join(' ');
        return {
          command: config.command,
          env: { ...config.env, AO_SESSION_ID: session.sessionId },
          prompt: text ? { mode: 'type', text, delayMs: config.typeDelayMs } : { mode: 'none' },
          agentSessionId: null,
          model: null,
        };
      },
      /** A known reason for the program to end by itself, and the one command that fixes it. */
      diagnoseExit({ exitCode }) {
        if (exitCode === 127)
          return { detail: `${config.command[0]} was not found`, fix: `install ${config.command[0]}` };
        return null;
      },
    };
  },
};
