// Which daemon build a benchmark ran: the bundle's hash and time, and the repository's HEAD.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AO_BIN } from './daemon.mjs';

const DIST = process.env.AO_BENCH_BIN ? AO_BIN : join(dirname(AO_BIN), '..', 'dist', 'ao.mjs');

function gitHead() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: dirname(DIST),
      encoding: 'utf8',
    }).trim();
  } catch (err) {
    return `unknown (${err.message.split('\n')[0]})`;
  }
}

/** The bundle's sha256 (first 12 hex digits) and modification time, and git HEAD of its repository. */
export function buildInfo() {
  const sha = createHash('sha256').update(readFileSync(DIST)).digest('hex').slice(0, 12);
  return { dist: DIST, sha256: sha, builtAt: statSync(DIST).mtime.toISOString(), head: gitHead() };
}

/** Warns when the bundle changed while the benchmark ran (someone rebuilt it): the figures would mix two builds. */
export function warnIfRebuilt(before) {
  const after = buildInfo();
  if (after.sha256 === before.sha256) return true;
  console.log(
    `WARNING: ${before.dist} was rebuilt during this run (${before.sha256} -> ${after.sha256}); ` +
      'daemons started after the rebuild ran the new build: run again for consistent figures',
  );
  return false;
}
