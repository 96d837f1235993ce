// What machine a benchmark ran on: printed before the figures so results can be compared.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { buildInfo } from './build-info.mjs';

function tmuxVersion() {
  try {
    return execFileSync('tmux', ['-V'], { encoding: 'utf8' }).trim();
  } catch (err) {
    return `unknown (${err.message})`;
  }
}

function gitVersion() {
  try {
    return execFileSync('git', ['--version'], { encoding: 'utf8' }).trim();
  } catch (err) {
    return `unknown (${err.message})`;
  }
}

/** CPU model, cores, RAM, node, tmux and git versions, kernel, and the load average when the run started. */
export function machineInfo() {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    tmux: tmuxVersion(),
    git: gitVersion(),
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
    loadavg: loadavg().map((n) => Math.round(n * 100) / 100),
    build: buildInfo(),
  };
}

export function printMachine(info = machineInfo()) {
  console.log(
    `machine: ${info.cpu}, ${info.cores} cores, ${info.ramGiB} GiB RAM, node ${info.node}, ${info.tmux}, ` +
      `${info.git}, linux ${info.kernel}, load average ${info.loadavg.join(' ')}`,
  );
  const b = info.build;
  console.log(`daemon build: ${b.dist} sha256 ${b.sha256}, built ${b.builtAt}, repository HEAD ${b.head}`);
  return info;
}
