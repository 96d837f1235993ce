import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecFn, Logger, PluginContext } from '@ao/shared/plugin';
import { exec } from '../../src/util/exec';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object | string;
  msg?: string;
}

export interface TestContext {
  ctx: PluginContext;
  dataDir: string;
  logs: LogLine[];
  /** Every git argv the plugin ran, in order. */
  calls: string[][];
  cleanup(): void;
}

/** A plugin context with the real `exec` (recorded) and a logger that keeps what it was told. */
export function makeTestContext(): TestContext {
  const dataDir = mkdtempSync(join(tmpdir(), 'ao-data-'));
  const logs: LogLine[] = [];
  const calls: string[][] = [];
  const logger: Logger = {
    debug: (obj, msg) => logs.push({ level: 'debug', obj, msg }),
    info: (obj, msg) => logs.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => logs.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => logs.push({ level: 'error', obj, msg }),
  };
  const recording: ExecFn = (file, args, opts) => {
    calls.push([file, ...args]);
    return exec(file, args, opts);
  };
  return {
    ctx: { dataDir, logger, exec: recording },
    dataDir,
    logs,
    calls,
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** The messages logged at `level`. */
export function logged(logs: LogLine[], level: LogLine['level']): string[] {
  return logs.filter((l) => l.level === level).map((l) => l.msg ?? String(l.obj));
}

/** Runs `fn` and returns what it threw (failing the test when it did not throw). */
export async function thrown(fn: () => Promise<unknown>): Promise<Error & { code?: string; field?: string }> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`threw a non-Error: ${String(err)}`);
  }
  throw new Error('expected a rejection, but it resolved');
}
