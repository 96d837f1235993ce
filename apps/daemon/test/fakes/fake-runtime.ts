import type {
  PluginModule,
  Runtime,
  RuntimeEvent,
  RuntimeHandle,
  RuntimeSpawnOptions,
  RuntimeState,
  TerminalStream,
} from '@ao/shared/plugin';
import { z } from 'zod';

/** One session held by the fake runtime: its program, its screen, and what was typed into it. */
export interface FakeRuntimeSession {
  id: string;
  opts: RuntimeSpawnOptions;
  state: RuntimeState;
  pid: number;
  /** The screen and its scrollback, as text. */
  screen: string;
  /** Everything typed into it, in order: literal text or named keys. */
  input: Array<{ text: string } | { keys: string[] }>;
  lastOutputAt: number;
  terminals: Set<FakeTerminal>;
}

/** Lines `capture` shows without scrollback (a terminal's height). */
const SCREEN_ROWS = 40;

/**
 * A Runtime held in memory (no process, no tmux) that keeps the Runtime contract honestly: sessions are named by ao's
 * session id; a dead program's screen stays readable until the session is killed; `stateMany` answers for many
 * handles at once; `watch` pushes `exited`/`gone`/`resync` as the test makes them happen; ao's own `kill` is silent
 * (no event), like the real runtimes. Tests drive it with `print`, `exit`, `vanish`, `hold`.
 */
export class FakeRuntime implements Runtime {
  readonly sessions = new Map<string, FakeRuntimeSession>();
  /** Ids spawned and killed, in order (a restore shows as kill then spawn). */
  readonly spawned: string[] = [];
  readonly killed: string[] = [];
  /** Set to make the next spawn fail with this message (once). */
  failNextSpawn: string | null = null;
  private readonly listeners = new Set<(event: RuntimeEvent) => void>();
  private gate: Promise<void> | null = null;
  /** Spawns waiting at the gate set by `hold()`. */
  waiting = 0;
  /** Called after each input is recorded (a test's stand-in for the program reading its terminal). */
  onInput: ((id: string, input: { text: string } | { keys: string[] }) => void) | null = null;
  private nextPid = 40_000;

  // ---- the Runtime interface ----

  async spawn(opts: RuntimeSpawnOptions): Promise<RuntimeHandle> {
    if (this.failNextSpawn) {
      const message = this.failNextSpawn;
      this.failNextSpawn = null;
      throw new Error(message);
    }
    if (!opts.command.length) throw new Error('fake runtime: empty command');
    if (this.gate) {
      this.waiting++;
      await this.gate;
      this.waiting--;
    }
    const existing = this.sessions.get(opts.sessionId);
    if (existing) throw new Error(`fake runtime: duplicate session ${opts.sessionId}`);
    this.sessions.set(opts.sessionId, {
      id: opts.sessionId,
      opts,
      state: { state: 'alive' },
      pid: this.nextPid++,
      screen: '',
      input: [],
      lastOutputAt: Date.now(),
      terminals: new Set(),
    });
    this.spawned.push(opts.sessionId);
    return { runtime: 'fake', id: opts.sessionId };
  }

  async stateMany(handles: readonly RuntimeHandle[]): Promise<Map<string, RuntimeState>> {
    return new Map(handles.map((h) => [h.id, this.sessions.get(h.id)?.state ?? { state: 'gone' }] as const));
  }

  watch(listener: (event: RuntimeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async lastOutputMany(handles: readonly RuntimeHandle[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const h of handles) {
      const s = this.sessions.get(h.id);
      if (s) out.set(h.id, s.lastOutputAt);
    }
    return out;
  }

  async listOwned(): Promise<string[]> {
    return [...this.sessions.keys()];
  }

  async sendText(handle: RuntimeHandle, text: string): Promise<void> {
    this.input(handle, { text });
  }

  async sendKeys(handle: RuntimeHandle, keys: readonly string[]): Promise<void> {
    this.input(handle, { keys: [...keys] });
  }

  async capture(handle: RuntimeHandle, scrollback = 0): Promise<string> {
    const s = this.sessions.get(handle.id);
    if (!s) throw new Error(`fake runtime: no session ${handle.id}`);
    const lines = s.screen.split('\n');
    return lines.slice(-(SCREEN_ROWS + Math.max(0, scrollback))).join('\n');
  }

  async kill(handle: RuntimeHandle): Promise<void> {
    const s = this.sessions.get(handle.id);
    if (!s) return;
    this.sessions.delete(handle.id);
    this.killed.push(handle.id);
    for (const t of s.terminals) t.end();
  }

  async pid(handle: RuntimeHandle): Promise<number | null> {
    const s = this.sessions.get(handle.id);
    return s?.state.state === 'alive' ? s.pid : null;
  }

  /** Whether a terminal can attach to its sessions (`attachCommand`); the process runtime's cannot. */
  attachable = true;

  attachCommand(handle: RuntimeHandle): string[] | null {
    return this.attachable ? ['fake-attach', handle.id] : null;
  }

  async openTerminal(handle: RuntimeHandle): Promise<TerminalStream> {
    const s = this.live(handle);
    const terminal = new FakeTerminal(s);
    s.terminals.add(terminal);
    return terminal;
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  // ---- test controls ----

  /** The session, or a clear error. */
  get(id: string): FakeRuntimeSession {
    const s = this.sessions.get(id);
    if (!s) throw new Error(`fake runtime: no session ${id} (have: ${[...this.sessions.keys()].join(', ')})`);
    return s;
  }

  /** The program prints `text` (appended to its screen). */
  print(id: string, text: string): void {
    const s = this.get(id);
    s.screen += text;
    s.lastOutputAt = Date.now();
    for (const t of s.terminals) t.data(text);
  }

  /** Replaces the screen (what `capture` returns). */
  setScreen(id: string, text: string): void {
    const s = this.get(id);
    s.screen = text;
    s.lastOutputAt = Date.now();
  }

  /** Texts typed into the session (sendText), in order. */
  typed(id: string): string[] {
    return this.get(id).input.flatMap((i) => ('text' in i ? [i.text] : []));
  }

  /** Keys pressed in the session (sendKeys), each press as one array. */
  keys(id: string): string[][] {
    return this.get(id).input.flatMap((i) => ('keys' in i ? [i.keys] : []));
  }

  /**
   * The program ends by itself: the session stays (its screen readable) and an `exited` event is pushed (unless
   * `silent`: an event the runtime lost, which only `stateMany` shows).
   */
  exit(
    id: string,
    exitCode: number | null,
    signal: string | null = null,
    opts: { silent?: boolean } = {},
  ): void {
    const s = this.get(id);
    s.state = { state: 'exited', exitCode, signal };
    for (const t of s.terminals) t.end();
    if (!opts.silent) this.push({ type: 'exited', id, exitCode, signal });
  }

  /** The session vanishes with its runtime (a server killed): a `gone` event is pushed. */
  vanish(id: string): void {
    const s = this.get(id);
    this.sessions.delete(id);
    for (const t of s.terminals) t.end();
    this.push({ type: 'gone', id });
  }

  /** Pushes `resync`: the daemon must ask about every session again. */
  resync(): void {
    this.push({ type: 'resync' });
  }

  /** Makes spawns wait until the returned function is called (to act on a session mid-spawn). */
  hold(): () => void {
    let release = () => {};
    this.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    return () => {
      this.gate = null;
      release();
    };
  }

  /** How many listeners follow this runtime's events (the daemon's runtime monitor). */
  get watchers(): number {
    return this.listeners.size;
  }

  private push(event: RuntimeEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  private input(handle: RuntimeHandle, input: { text: string } | { keys: string[] }): void {
    const s = this.live(handle);
    // A terminal carries bytes: text reaches the program as UTF-8 (a lone surrogate arrives as U+FFFD).
    const carried = 'text' in input ? { text: Buffer.from(input.text, 'utf8').toString('utf8') } : input;
    s.input.push(carried);
    this.onInput?.(handle.id, carried);
  }

  private live(handle: RuntimeHandle): FakeRuntimeSession {
    const s = this.sessions.get(handle.id);
    if (!s) throw new Error(`fake runtime: no session ${handle.id}`);
    if (s.state.state !== 'alive') throw new Error(`fake runtime: the program of ${handle.id} has ended`);
    return s;
  }
}

/** A live terminal view of a fake session: what is printed comes out, what is written is typed into it. */
export class FakeTerminal implements TerminalStream {
  private readonly dataListeners: Array<(chunk: string) => void> = [];
  private readonly exitListeners: Array<() => void> = [];
  private ended = false;
  paused = false;

  constructor(private readonly session: FakeRuntimeSession) {}

  onData(cb: (chunk: string) => void): void {
    this.dataListeners.push(cb);
  }
  onExit(cb: () => void): void {
    if (this.ended) queueMicrotask(cb);
    else this.exitListeners.push(cb);
  }
  write(data: string): void {
    if (this.ended) return;
    this.session.input.push({ text: data });
  }
  resize(): void {}
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  close(): void {
    this.session.terminals.delete(this);
  }
  data(chunk: string): void {
    for (const cb of this.dataListeners) cb(chunk);
  }
  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const cb of this.exitListeners) cb();
  }
}

const configSchema = z.object({}).strict();

/** A 'fake' runtime plugin module whose every instance is `runtime` (one world per test daemon). */
export function fakeRuntimeModule(runtime: FakeRuntime): PluginModule<'runtime', typeof configSchema> {
  return {
    manifest: { name: 'fake', slot: 'runtime', description: 'In-memory runtime for tests' },
    configSchema,
    create: () => runtime,
  };
}
