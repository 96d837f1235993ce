import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { sleep } from '../wait';
import { type HookRun, type HookSettings, hooksFor, httpEquivalent, runHook } from './hooks';
import { openTranscript, projectSlug, type Transcript } from './transcript';

/**
 * The agent host: the behaviour of every scripted Claude Code (see script.ts) in one process. For each agent it reads
 * the settings file named by `--settings` and runs its hooks as Claude does (http hooks POSTed, command hooks through
 * sh), writes the transcript at `<configDir>/projects/<slug of the real cwd>/<session id>.jsonl` and the live status
 * file `<configDir>/sessions/<pid>.json`. On start it fires SessionStart; a prompt in argv, or a line typed into the
 * agent's terminal, is a turn: UserPromptSubmit, tool calls (PreToolUse, PostToolUse), text, Stop.
 */

export interface ScriptedAgent {
  pid: number;
  cwd: string;
  configDir: string;
  agentSessionId: string;
  settingsPath: string;
  settings: HookSettings;
  transcript: Transcript;
  /** Turns taken (including the first prompt). */
  turns: number;
  /** Whether a turn is running. */
  busy: boolean;
  /** False once its process closed the connection (it exited or was killed). */
  connected: boolean;
}

/**
 * How hooks are delivered: `settings`, exactly as the settings file says (command hooks run a process per event);
 * `http`, every event but SessionStart POSTed by the agent itself, as Claude Code's http hooks do (a command hook that
 * runs ao's hook script is turned into the POST it would make); SessionStart stays a command hook, as in Claude Code.
 */
export type HookDelivery = 'settings' | 'http';

export interface TurnOptions {
  /** Tool calls in the turn (default 2). */
  tools?: number;
  /** Pause between steps, ms (default 20): the model's "thinking". */
  stepMs?: number;
}

export interface AgentHost {
  port: number;
  /** Every agent that connected, by its Claude session id. */
  agents: Map<string, ScriptedAgent>;
  /** Waits until the agent with this Claude session id has connected. */
  agent(agentSessionId: string, timeoutMs?: number): Promise<ScriptedAgent>;
  /** Runs a turn now (queued behind a running one). */
  turn(agentSessionId: string, prompt: string, opts?: TurnOptions): Promise<void>;
  /** Called for every hook run, with the agent it belongs to. */
  onHook(listener: (agent: ScriptedAgent, run: HookRun) => void): () => void;
  /** Options of turns started by the agent itself (argv prompt, typed line). */
  defaults: TurnOptions;
  delivery: HookDelivery;
  close(): Promise<void>;
}

/** Parses the claude-code plugin's argv: `--session-id|--resume <uuid> --settings <file> [...] [-- <prompt>]`. */
export function parseClaudeArgs(args: string[]): {
  agentSessionId: string;
  settingsPath: string;
  prompt: string | null;
} {
  let agentSessionId = '';
  let settingsPath = '';
  let prompt: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--session-id' || a === '--resume') agentSessionId = args[++i] ?? '';
    else if (a === '--settings') settingsPath = args[++i] ?? '';
    else if (a === '--') {
      prompt = args.slice(i + 1).join(' ');
      break;
    }
  }
  if (!agentSessionId || !settingsPath) throw new Error(`not a claude-code launch: ${JSON.stringify(args)}`);
  return { agentSessionId, settingsPath, prompt };
}

/** Starts the host on 127.0.0.1 (random port). */
export async function startAgentHost(
  defaults: TurnOptions = {},
  delivery: HookDelivery = 'settings',
): Promise<AgentHost> {
  const agents = new Map<string, ScriptedAgent>();
  const listeners = new Set<(agent: ScriptedAgent, run: HookRun) => void>();
  const queues = new Map<string, Promise<void>>();
  const sockets = new Set<Socket>();

  const fire = async (agent: ScriptedAgent, event: string, extra: Record<string, unknown> = {}) => {
    const payload = {
      session_id: agent.agentSessionId,
      transcript_path: agent.transcript.path,
      cwd: agent.cwd,
      hook_event_name: event,
      permission_mode: 'default',
      ...extra,
    };
    const tool = typeof extra['tool_name'] === 'string' ? (extra['tool_name'] as string) : undefined;
    for (const configured of hooksFor(agent.settings, event, tool)) {
      const hook =
        host.delivery === 'http' && event !== 'SessionStart'
          ? (httpEquivalent(configured) ?? configured)
          : configured;
      const run = await runHook(hook, event, payload);
      for (const l of listeners) l(agent, run);
    }
  };

  const status = (agent: ScriptedAgent, value: 'idle' | 'busy') => {
    const dir = join(agent.configDir, 'sessions');
    mkdirSync(dir, { recursive: true });
    const body = { pid: agent.pid, sessionId: agent.agentSessionId, cwd: agent.cwd, status: value };
    writeFileSync(join(dir, `${agent.pid}.json`), JSON.stringify({ ...body, statusUpdatedAt: Date.now() }));
  };

  const runTurn = async (agent: ScriptedAgent, prompt: string, opts: TurnOptions) => {
    const tools = opts.tools ?? 2;
    const stepMs = opts.stepMs ?? 20;
    const t0 = Date.now();
    agent.busy = true;
    agent.turns += 1;
    status(agent, 'busy');
    await fire(agent, 'UserPromptSubmit', { prompt });
    agent.transcript.userPrompt(prompt);
    for (let i = 0; i < tools && agent.connected; i++) {
      await sleep(stepMs);
      const input = { command: `npm test -- --run step-${agent.turns}-${i}`, description: 'Run the tests' };
      const id = agent.transcript.assistant(`(turn ${agent.turns}, step ${i})`, { name: 'Bash', input });
      await fire(agent, 'PreToolUse', { tool_name: 'Bash', tool_input: input });
      await sleep(stepMs);
      const output = `> vitest run\n${' ✓ login redirects\n'.repeat(5)}Tests 5 passed`;
      agent.transcript.toolResult(id ?? '', output);
      await fire(agent, 'PostToolUse', {
        tool_name: 'Bash',
        tool_input: input,
        tool_response: { stdout: output },
      });
    }
    await sleep(stepMs);
    agent.transcript.assistant(`Done with turn ${agent.turns}.`);
    agent.transcript.turnEnd(Date.now() - t0);
    status(agent, 'idle');
    agent.busy = false;
    await fire(agent, 'Stop', {
      stop_hook_active: false,
      last_assistant_message: `Done with turn ${agent.turns}.`,
    });
  };

  const enqueue = (agent: ScriptedAgent, prompt: string, opts: TurnOptions): Promise<void> => {
    const prev = queues.get(agent.agentSessionId) ?? Promise.resolve();
    const next = prev.then(() => runTurn(agent, prompt, opts)).catch(() => undefined);
    queues.set(agent.agentSessionId, next);
    return next;
  };

  const attach = (socket: Socket, fields: string[], rest: string) => {
    const [pidText = '', cwdText = '', configDirText = '', , ...args] = fields;
    const { agentSessionId, settingsPath, prompt } = parseClaudeArgs(args);
    let cwd = cwdText;
    try {
      cwd = realpathSync(cwdText); // Claude reads the kernel's cwd: symlinks resolved
    } catch {
      // keep it as given
    }
    const configDir = configDirText || join(process.env['HOME'] ?? '/root', '.claude');
    const settings = (JSON.parse(readFileSync(settingsPath, 'utf8')) as { hooks?: HookSettings }).hooks ?? {};
    const agent: ScriptedAgent = {
      pid: Number(pidText),
      cwd,
      configDir,
      agentSessionId,
      settingsPath,
      settings,
      transcript: openTranscript(join(configDir, 'projects', projectSlug(cwd), `${agentSessionId}.jsonl`), {
        agentSessionId,
        cwd,
      }),
      turns: 0,
      busy: false,
      connected: true,
    };
    agents.set(agentSessionId, agent);
    status(agent, 'idle');
    const started = fire(agent, 'SessionStart', { source: 'startup', model: 'claude-sonnet-4-5' });
    queues.set(
      agentSessionId,
      started.catch(() => undefined),
    );
    if (prompt !== null && prompt !== '') void enqueue(agent, prompt, host.defaults);
    let buffer = rest;
    const lines = () => {
      for (let end = buffer.indexOf('\n'); end !== -1; end = buffer.indexOf('\n')) {
        const line = buffer.slice(0, end).replace(/\r$/, '');
        buffer = buffer.slice(end + 1);
        if (line.trim() !== '') void enqueue(agent, line, host.defaults);
      }
    };
    lines();
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      lines();
    });
    socket.on('close', () => {
      agent.connected = false;
    });
  };

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let head = '';
    const onHead = (chunk: Buffer) => {
      head += chunk.toString('utf8');
      const fields = head.split('\0');
      const argc = Number(fields[3]);
      if (fields.length < 5 || !Number.isInteger(argc) || fields.length < 5 + argc) return; // header not complete
      socket.off('data', onHead);
      const used = fields.slice(0, 4 + argc);
      const rest = fields.slice(4 + argc).join('\0');
      try {
        attach(socket, used, rest);
      } catch (err) {
        socket.destroy(err as Error);
      }
    };
    socket.on('data', onHead);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const host: AgentHost = {
    port,
    agents,
    defaults,
    delivery,
    async agent(agentSessionId, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const a = agents.get(agentSessionId);
        if (a) return a;
        if (Date.now() > deadline) throw new Error(`scripted agent ${agentSessionId} never connected`);
        await sleep(20);
      }
    },
    turn(agentSessionId, prompt, opts = {}) {
      const agent = agents.get(agentSessionId);
      if (!agent) return Promise.reject(new Error(`no scripted agent ${agentSessionId}`));
      return enqueue(agent, prompt, { ...host.defaults, ...opts });
    },
    onHook(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return host;
}

/** Removes the status file of an agent that was killed (Claude leaves it behind when it cannot clean up). */
export function removeStatusFile(agent: ScriptedAgent): void {
  rmSync(join(agent.configDir, 'sessions', `${agent.pid}.json`), { force: true });
}
