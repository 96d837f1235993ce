import { lstat, open, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, normalize } from 'node:path';
import { badRequest } from '@ao/shared/errors';
import type { ForwardRule } from '@ao/shared/plugin';
import { privateDir } from '../util/private-dir';

/** One chunk a forwarder sends: `data` appended at byte `offset` of an `append` file, or a `replace` file's content. */
export interface MirrorChunk {
  path: string;
  mode: 'append' | 'replace';
  offset: number;
  data: string;
}

/** A mirrored file may not grow past this (a transcript of a very long session is a few tens of MB). */
export const MIRROR_MAX_FILE = 256 * 1024 * 1024;

/** The rule that allows `path` (absolute, normalized, directly in the rule's dir, name matching), or a 400. */
export function ruleFor(rules: readonly ForwardRule[], path: string, mode: MirrorChunk['mode']): ForwardRule {
  if (!isAbsolute(path) || normalize(path) !== path || path.includes('\0')) {
    throw badRequest(
      `path: ${JSON.stringify(path.slice(0, 200))} is not an absolute, normalized path`,
      'path',
    );
  }
  const rule = rules.find(
    (r) => dirname(path) === r.dir && r.pattern.test(basename(path)) && r.mode === mode,
  );
  if (!rule)
    throw badRequest(`path: ${path.slice(0, 200)} is not a file this agent forwards (${mode})`, 'path');
  return rule;
}

async function sizeOf(path: string): Promise<number> {
  const info = await lstat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (info && !info.isFile())
    throw badRequest(`path: ${path} is not a regular file (a link is never followed)`, 'path');
  return info?.size ?? 0;
}

/** The write in progress per mirrored file. */
const queues = new Map<string, Promise<unknown>>();

/**
 * Writes one chunk into the daemon's copy. Append is idempotent: bytes the copy already has are skipped, so a retried
 * chunk changes nothing; a chunk past the end (a gap) is refused with the size the copy has, for the sender to resend
 * from. Replace writes a temporary file and renames it over the old one. Returns the copy's size after the write.
 */
export function mirrorChunk(
  rules: readonly ForwardRule[],
  chunk: MirrorChunk,
): Promise<{ size: number; gap: boolean }> {
  const rule = ruleFor(rules, chunk.path, chunk.mode);
  // One write at a time per file: a retry overlapping a slow first try must not append the same bytes twice.
  const prev = queues.get(chunk.path) ?? Promise.resolve();
  const run = prev.catch(() => undefined).then(() => writeChunk(rule, chunk));
  const tail = run.catch(() => undefined);
  queues.set(chunk.path, tail);
  void tail.then(() => {
    if (queues.get(chunk.path) === tail) queues.delete(chunk.path);
  });
  return run;
}

async function writeChunk(rule: ForwardRule, chunk: MirrorChunk): Promise<{ size: number; gap: boolean }> {
  const bytes = Buffer.from(chunk.data, 'utf8');
  privateDir(rule.dir);
  if (chunk.mode === 'replace') {
    if (bytes.length > MIRROR_MAX_FILE) throw badRequest('data: too large', 'data');
    const tmp = `${chunk.path}.ao-mirror-${process.pid}`;
    await writeFile(tmp, bytes, { mode: 0o600 });
    await rename(tmp, chunk.path);
    return { size: bytes.length, gap: false };
  }
  const size = await sizeOf(chunk.path);
  if (chunk.offset > size) return { size, gap: true };
  const fresh = bytes.subarray(Math.min(bytes.length, size - chunk.offset));
  if (fresh.length === 0) return { size, gap: false };
  if (size + fresh.length > MIRROR_MAX_FILE)
    throw badRequest(`data: ${chunk.path} would pass ${MIRROR_MAX_FILE} bytes`, 'data');
  const fh = await open(chunk.path, 'a', 0o600);
  try {
    await fh.write(fresh);
  } finally {
    await fh.close();
  }
  return { size: size + fresh.length, gap: false };
}
