// `npm start`'s build: the daemon bundle (apps/daemon/dist) and the dashboard's static export (apps/web/out), side
// by side, each only when its inputs or its output changed since this script last built it. It needs no test or
// development tooling (no turbo): `npm test` builds with turbo instead.
// The dashboard is copied from apps/web/prebuilt when that is built from the current sources (scripts/dashboard.mjs);
// otherwise it is built here, after installing its build dependencies (Next.js) if `npm start` left them out.
// Next's own type check is skipped (AO_WEB_SKIP_TYPECHECK=1, see apps/web/next.config.ts): `npm test` type-checks.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { installPrebuilt, prebuiltIsCurrent } from './dashboard.mjs';
import { hashInputs, ROOT } from './inputs.mjs';

const STAMPS = join(ROOT, 'node_modules', '.cache', 'ao-build.json');
const SHARED_INPUTS = ['package.json', 'package-lock.json', 'tsconfig.base.json', 'packages/shared'];

const TARGETS = [
  { workspace: '@ao/daemon', inputs: ['apps/daemon'], output: 'apps/daemon/dist/ao.mjs' },
  { workspace: '@ao/web', inputs: ['apps/web'], output: 'apps/web/out/index.html', prebuilt: true },
];

/** sha256 over the paths and contents of a target's inputs. */
const inputsHash = (target) => hashInputs([...SHARED_INPUTS, ...target.inputs]);

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

function npm(args, what) {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      'npm',
      args,
      { cwd: ROOT, env: { ...process.env, AO_WEB_SKIP_TYPECHECK: '1' }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) {
          process.stderr.write(`${stdout}${stderr}`);
          reject(new Error(`${what} failed (${err.code ?? err.signal})`));
          return;
        }
        console.log(`${what}: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        resolve();
      },
    );
  });
}

async function build(target) {
  if (target.prebuilt && prebuiltIsCurrent()) {
    installPrebuilt();
    console.log(`${target.workspace}: the prebuilt dashboard (apps/web/prebuilt) matches the sources`);
    return;
  }
  if (target.prebuilt && !existsSync(join(ROOT, 'node_modules', 'next', 'package.json'))) {
    console.log(
      'the dashboard sources differ from apps/web/prebuilt: installing its build tools (Next.js, ~400 MB)',
    );
    const install = ['install', '--no-audit', '--no-fund', '--loglevel=error', '--omit=dev'];
    await npm([...install, '--workspace', target.workspace], `installing ${target.workspace}'s dependencies`);
  }
  await npm(['run', 'build', '--workspace', target.workspace], `building ${target.workspace}`);
}

const stamps = readStamps();
const results = await Promise.allSettled(
  TARGETS.map(async (target) => {
    const inputs = inputsHash(target);
    const known = stamps[target.workspace];
    if (known && known.inputs === inputs && known.output === outputStamp(target)) return;
    await build(target);
    stamps[target.workspace] = { inputs, output: outputStamp(target) };
  }),
);
mkdirSync(dirname(STAMPS), { recursive: true });
writeFileSync(STAMPS, `${JSON.stringify(stamps, null, 2)}\n`);
const failed = results.filter((r) => r.status === 'rejected');
for (const r of failed) console.error(r.reason.message);
process.exit(failed.length ? 1 : 0);
