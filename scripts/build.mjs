// `npm start`'s build: the daemon bundle (apps/daemon/dist) and the dashboard's static export (apps/web/out), side
// by side, each only when its inputs or its output changed since this script last built it. It needs no test or
// development tooling (no turbo): `npm test` builds with turbo instead.
// Next's own type check is skipped (AO_WEB_SKIP_TYPECHECK=1, see apps/web/next.config.ts): `npm test` type-checks.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const STAMPS = join(ROOT, 'node_modules', '.cache', 'ao-build.json');
/** Build outputs, caches and generated files: never inputs. */
const SKIP = new Set(['node_modules', 'dist', 'out', '.next', '.turbo', 'test-results', 'playwright-report']);
const skipped = (name) => SKIP.has(name) || name.endsWith('.tsbuildinfo') || name === 'next-env.d.ts';
const SHARED_INPUTS = ['package.json', 'package-lock.json', 'tsconfig.base.json', 'packages/shared'];

const TARGETS = [
  { workspace: '@ao/daemon', inputs: ['apps/daemon'], output: 'apps/daemon/dist/ao.mjs' },
  { workspace: '@ao/web', inputs: ['apps/web'], output: 'apps/web/out/index.html' },
];

function listFiles(rel, out) {
  const abs = join(ROOT, rel);
  if (!existsSync(abs)) return out;
  if (!statSync(abs).isDirectory()) {
    out.push(rel);
    return out;
  }
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    if (!skipped(entry.name)) listFiles(join(rel, entry.name), out);
  }
  return out;
}

/** sha256 over the paths and contents of a target's inputs. */
function inputsHash(target) {
  const hash = createHash('sha256');
  const files = [...SHARED_INPUTS, ...target.inputs].flatMap((rel) => listFiles(rel, [])).sort();
  for (const file of files) {
    const content = readFileSync(join(ROOT, file));
    hash.update(`${file}\0${content.length}\0`);
    hash.update(content);
  }
  return hash.digest('hex');
}

/** The output as this script left it: a rebuild by anything else (turbo, next by hand) changes its mtime. */
function outputStamp(target) {
  const path = join(ROOT, target.output);
  return existsSync(path) ? String(statSync(path).mtimeMs) : null;
}

function readStamps() {
  try {
    return JSON.parse(readFileSync(STAMPS, 'utf8'));
  } catch {
    return {};
  }
}

function run(target) {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      'npm',
      ['run', 'build', '--workspace', target.workspace],
      { cwd: ROOT, env: { ...process.env, AO_WEB_SKIP_TYPECHECK: '1' }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) {
          process.stderr.write(`${stdout}${stderr}`);
          reject(new Error(`building ${target.workspace} failed (${err.code ?? err.signal})`));
          return;
        }
        console.log(`built ${target.workspace} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        resolve();
      },
    );
  });
}

const stamps = readStamps();
const results = await Promise.allSettled(
  TARGETS.map(async (target) => {
    const inputs = inputsHash(target);
    const known = stamps[target.workspace];
    if (known && known.inputs === inputs && known.output === outputStamp(target)) return;
    await run(target);
    stamps[target.workspace] = { inputs, output: outputStamp(target) };
  }),
);
mkdirSync(dirname(STAMPS), { recursive: true });
writeFileSync(STAMPS, `${JSON.stringify(stamps, null, 2)}\n`);
const failed = results.filter((r) => r.status === 'rejected');
for (const r of failed) console.error(r.reason.message);
process.exit(failed.length ? 1 : 0);
