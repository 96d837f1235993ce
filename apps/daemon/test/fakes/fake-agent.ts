import type {
  ActivitySignal,
  Agent,
  AgentDiagnosis,
  AgentLaunchContext,
  AgentObservation,
  AgentWatchContext,
  PluginModule,
  ScreenVerdict,
} from '@ao/shared/plugin';
import { z } from 'zod';

const configSchema = z
  .object({
    /** How the prompt reaches the agent: in argv (default), typed after `typeDelayMs`, or not at all. */
    prompt: z.enum(['argv', 'type', 'none']).default('argv'),
    typeDelayMs: z.number().int().min(0).max(60_000).default(0),
  })
  .strict();
type FakeAgentConfig = z.output<typeof configSchema>;

const now = () => new Date().toISOString();
const signal = (activity: ActivitySignal['activity'], detail: string): ActivitySignal => ({
  activity,
  source: `fake:${activity}`,
  detail,
  confidence: 'high',
  at: now(),
});

/**
 * An Agent whose signals the test drives: it launches a harmless argv, and its `watch` hands each session's emitter to
 * the test (`emit`, or the helpers `turn`, `idle`, `working`, `needsInput`, `queued`, `dropped`). `onHook` maps a small
 * body (`{event: 'prompt', text}`, `{event: 'stop'}`, `{event: 'tool'}`, `{event: 'permission', message}`) and never
 * throws on anything else. `probe`, `diagnoseExit` and `inspectScreen` answer what the test sets.
 */
export class FakeAgent {
  readonly launches: AgentLaunchContext[] = [];
  readonly hooks: unknown[] = [];
  /** What `probe` answers (per call); null: cannot tell. */
  probeResult: ((ctx: AgentWatchContext) => AgentObservation | null) | null = null;
  /** What `diagnoseExit` recognises; default: nothing. */
  diagnose: (exit: { exitCode: number | null; lastLines: readonly string[] }) => AgentDiagnosis | null = () =>
    null;
  /** How the agent reads its screen; default: a line with "Allow" is a permission prompt, "Trust" a dialog. */
  inspect: (screen: string) => ScreenVerdict | null = (screen) => {
    const line = (re: RegExp) =>
      screen
        .split('\n')
        .find((l) => re.test(l))
        ?.trim();
    const allow = line(/\bAllow\b/);
    if (allow) return { kind: 'permission', text: allow };
    const trust = line(/\bTrust\b/);
    return trust ? { kind: 'dialog', text: trust } : null;
  };
  readonly approveKeys = ['1', 'Enter'] as const;
  private readonly emitters = new Map<string, (obs: AgentObservation) => void>();

  /** The plugin instance for one config (the daemon creates one per distinct settings). */
  instance(config: FakeAgentConfig): Agent {
    return {
      canResume: true,
      approveKeys: this.approveKeys,
      launch: async (ctx) => {
        this.launches.push(ctx);
        const command = ['fake-agent', '--session', ctx.sessionId];
        if (ctx.resume) command.push('--resume', ctx.resume.agentSessionId);
        let prompt: Awaited<ReturnType<Agent['launch']>>['prompt'] = { mode: 'none' };
        if (ctx.prompt && config.prompt === 'argv') {
          command.push(ctx.prompt);
          prompt = { mode: 'argv' };
        } else if (ctx.prompt && config.prompt === 'type') {
          prompt = { mode: 'type', text: ctx.prompt, delayMs: config.typeDelayMs };
        }
        const agentSessionId = ctx.resume?.agentSessionId ?? `fake-conv-${ctx.sessionId}`;
        return { command, env: { FAKE_AGENT: '1' }, prompt, agentSessionId, model: 'fake-model' };
      },
      onHook: (body) => {
        this.hooks.push(body);
        return hookObservation(body);
      },
      watch: (ctx, emit) => {
        this.emitters.set(ctx.sessionId, emit);
        return {
          close: () => {
            if (this.emitters.get(ctx.sessionId) === emit) this.emitters.delete(ctx.sessionId);
          },
        };
      },
      probe: async (ctx) => this.probeResult?.(ctx) ?? null,
      diagnoseExit: (exit) => this.diagnose(exit),
      inspectScreen: (screen) => this.inspect(screen),
    };
  }

  // ---- test controls ----

  /** Whether the daemon follows the session's signals now. */
  watching(sessionId: string): boolean {
    return this.emitters.has(sessionId);
  }

  /** One observation from the session's watcher. */
  emit(sessionId: string, obs: AgentObservation): void {
    const emit = this.emitters.get(sessionId);
    if (!emit) throw new Error(`fake agent: nobody watches ${sessionId}`);
    emit(obs);
  }

  /** A turn starts with `text` (the agent took a message): delivered, and the agent works. */
  turn(sessionId: string, text: string): void {
    this.emit(sessionId, { userTurn: { text, at: now() }, signal: signal('working', 'a turn started') });
  }
  working(sessionId: string, detail = 'working'): void {
    this.emit(sessionId, { signal: signal('working', detail) });
  }
  idle(sessionId: string, detail = 'turn ended'): void {
    this.emit(sessionId, { signal: signal('idle', detail) });
  }
  needsInput(sessionId: string, detail = 'permission prompt'): void {
    this.emit(sessionId, { signal: signal('waiting_input', detail) });
  }
  /** The agent took `text` into its queue while busy. */
  queued(sessionId: string, text: string): void {
    this.emit(sessionId, { queued: { text, at: now() } });
  }
  /** The agent discarded queued texts. */
  dropped(sessionId: string, texts: string[], reason: string): void {
    this.emit(sessionId, { dropped: { texts, reason, at: now() } });
  }
}

/** The fake agent's hook protocol: a small JSON body; anything else tells nothing (never throws). */
export function hookObservation(body: unknown): AgentObservation | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const { event, text, message } = body as Record<string, unknown>;
  switch (event) {
    case 'prompt':
      return typeof text === 'string' && text
        ? { userTurn: { text, at: now() }, signal: signal('working', 'hook: prompt submitted') }
        : null;
    case 'tool':
      return { signal: signal('working', 'hook: tool use') };
    case 'stop':
      return { signal: signal('idle', 'hook: turn ended') };
    case 'permission':
      return {
        signal: signal('waiting_input', typeof message === 'string' ? message.slice(0, 200) : 'permission'),
      };
    default:
      return null;
  }
}

/** A 'fake' agent plugin module whose instances all report to `agent`. */
export function fakeAgentModule(agent: FakeAgent): PluginModule<'agent', typeof configSchema> {
  return {
    manifest: { name: 'fake', slot: 'agent', description: 'Agent driven by the test' },
    configSchema,
    create: (config) => agent.instance(config),
  };
}
