import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { AO_DIST } from '../daemon-process';

/** What machine and which daemon build a benchmark ran on. */

function version(file: string, args: string[]): string {
  try {
    return execFileSync(file, args, { encoding: 'utf8', cwd: dirname(AO_DIST) }).trim();
  } catch (err) {
    return `unknown (${(err as Error).message.split('\n')[0]})`;
  }
}

export interface BuildInfo {
  dist: string;
  sha256: string;
  builtAt: string;
  head: string;
}

/** The bundle's sha256 (first 12 hex digits) and modification time, and git HEAD of its repository. */
export function buildInfo(): BuildInfo {
  const sha = createHash('sha256').update(readFileSync(AO_DIST)).digest('hex').slice(0, 12);
  return {
    dist: AO_DIST,
    sha256: sha,
    builtAt: statSync(AO_DIST).mtime.toISOString(),
    head: version('git', ['rev-parse', '--short', 'HEAD']),
  };
}

/** Warns when the bundle changed while the benchmark ran (someone rebuilt it): the figures would mix two builds. */
export function warnIfRebuilt(before: BuildInfo): boolean {
  const after = buildInfo();
  if (after.sha256 === before.sha256) return true;
  console.log(
    `WARNING: ${before.dist} was rebuilt during this run (${before.sha256} -> ${after.sha256}); ` +
      'daemons started after the rebuild ran the new build: run again for consistent figures',
  );
  return false;
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  tmux: string;
  git: string;
  kernel: string;
  loadavg: number[];
  build: BuildInfo;
}

/** CPU model, cores, RAM, node, tmux and git versions, kernel, the load average now, and the daemon build. */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    tmux: version('tmux', ['-V']),
    git: version('git', ['--version']),
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
    loadavg: loadavg().map((n) => Math.round(n * 100) / 100),
    build: buildInfo(),
  };
}

export function printMachine(info: MachineInfo = machineInfo()): MachineInfo {
  console.log(
    `machine: ${info.cpu}, ${info.cores} cores, ${info.ramGiB} GiB RAM, node ${info.node}, ${info.tmux}, ` +
      `${info.git}, linux ${info.kernel}, load average ${info.loadavg.join(' ')}`,
  );
  const b = info.build;
  console.log(`daemon build: ${b.dist} sha256 ${b.sha256}, built ${b.builtAt}, repository HEAD ${b.head}`);
  return info;
}
