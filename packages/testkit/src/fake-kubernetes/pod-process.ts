import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { IPty } from 'node-pty';

/** The parts of a container spec the fake runs. */
export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  tty?: boolean;
  stdin?: boolean;
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}

/** A process standing in for a container: a pty when the container has `tty`, else pipes. */
export interface Proc {
  pid: number;
  /** All output so far (the container's log), capped. */
  log(): string;
  onData(cb: (data: string) => void): () => void;
  onExit(cb: (code: number | null, signal: string | null) => void): void;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  kill(signal: NodeJS.Signals): void;
  exited: { code: number | null; signal: string | null } | null;
}

const LOG_CAP = 1024 * 1024;

/** Signals a container's process group; one that ended before its exit was seen is no error. */
function killGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

let ptyModule: Promise<typeof import('node-pty')> | null = null;

/** Starts one process: argv = command + args on the host, cwd = workingDir (made when an emptyDir is mounted there). */
export async function startProcess(
  c: ContainerSpec,
  env: Record<string, string>,
  tty: boolean,
  size = { cols: 80, rows: 24 },
): Promise<Proc> {
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  const [file, ...args] = argv;
  if (file === undefined)
    throw new Error(`container ${c.name}: no command (the fake has no image entrypoints)`);
  const cwd = c.workingDir ?? '/';
  mkdirSync(cwd, { recursive: true });
  let log = '';
  const listeners = new Set<(d: string) => void>();
  const exitListeners: Array<(code: number | null, signal: string | null) => void> = [];
  const proc: Proc = {
    pid: 0,
    exited: null,
    log: () => log,
    onData(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    onExit(cb) {
      if (proc.exited) cb(proc.exited.code, proc.exited.signal);
      else exitListeners.push(cb);
    },
    write: () => undefined,
    resize: () => undefined,
    kill: () => undefined,
  };
  const data = (d: string) => {
    log = (log + d).slice(-LOG_CAP);
    for (const cb of listeners) cb(d);
  };
  const exit = (code: number | null, signal: string | null) => {
    if (proc.exited) return;
    proc.exited = { code, signal };
    for (const cb of exitListeners) cb(code, signal);
  };
  if (tty) {
    ptyModule ??= import('node-pty');
    const pty = await ptyModule;
    const term: IPty = pty.spawn(file, args, { name: 'xterm-256color', cwd, env, ...size });
    proc.pid = term.pid;
    term.onData(data);
    term.onExit(({ exitCode, signal }) => exit(signal ? null : exitCode, signal ? `SIG${signal}` : null));
    proc.write = (d) => term.write(d);
    proc.resize = (cols, rows) => {
      if (!proc.exited) term.resize(cols, rows);
    };
    proc.kill = (sig) => {
      if (!proc.exited) killGroup(term.pid, sig);
    };
    return proc;
  }
  const child: ChildProcess = spawn(file, args, {
    cwd,
    env: env as NodeJS.ProcessEnv,
    stdio: 'pipe',
    detached: true,
  });
  proc.pid = child.pid ?? 0;
  child.stdout?.setEncoding('utf8').on('data', data);
  child.stderr?.setEncoding('utf8').on('data', data);
  child.on('error', (err) => {
    data(`${err.message}\n`);
    exit(127, null);
  });
  child.on('exit', (code, signal) => exit(code, signal));
  proc.write = (d) => child.stdin?.write(d);
  proc.kill = (sig) => {
    if (!proc.exited && child.pid) killGroup(child.pid, sig);
  };
  return proc;
}
