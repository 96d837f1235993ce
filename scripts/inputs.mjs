// What a build is made from: the files under some paths (build outputs, caches and generated files left out), and a
// sha256 over their paths and contents. Used by scripts/build.mjs (rebuild only what changed) and
// scripts/dashboard.mjs (is the committed dashboard built from the current sources?).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

/** Build outputs, caches and generated files: never inputs. */
const SKIP = new Set([
  'node_modules',
  'dist',
  'out',
  'prebuilt',
  '.next',
  '.turbo',
  'test-results',
  'playwright-report',
]);
const skipped = (name) => SKIP.has(name) || name.endsWith('.tsbuildinfo') || name === 'next-env.d.ts';

/** Every file under `rel` (a file or a folder, relative to the repository), minus what `skip(name)` says. */
export function listFiles(rel, skip = () => false, out = []) {
  const abs = join(ROOT, rel);
  if (!existsSync(abs)) return out;
  if (!statSync(abs).isDirectory()) {
    out.push(rel);
    return out;
  }
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    if (!skipped(entry.name) && !skip(entry.name)) listFiles(join(rel, entry.name), skip, out);
  }
  return out;
}

/** sha256 over the paths and contents of the files under `rels`, plus any `extra` strings. */
export function hashInputs(rels, { skip, extra = [] } = {}) {
  const hash = createHash('sha256');
  const files = rels.flatMap((rel) => listFiles(rel, skip)).sort();
  for (const file of files) {
    const content = readFileSync(join(ROOT, file));
    hash.update(`${file}\0${content.length}\0`);
    hash.update(content);
  }
  for (const line of extra) hash.update(`${line}\n`);
  return hash.digest('hex');
}
