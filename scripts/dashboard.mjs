// The dashboard ships prebuilt: apps/web/prebuilt is the static export of apps/web, committed with SOURCE.json, the
// hash of the sources it was built from. `npm start` uses it when it matches the working tree, so a user's install
// needs no Next.js, SWC or TypeScript (about 400 MB); when it does not match (the dashboard's sources were changed),
// `npm start` builds the dashboard instead.
// Usage: node scripts/dashboard.mjs check    exit 1 when apps/web/prebuilt is not built from the current sources
//        node scripts/dashboard.mjs update   build the dashboard (needs the full install) and refresh apps/web/prebuilt
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashInputs, ROOT } from './inputs.mjs';

export const PREBUILT = join(ROOT, 'apps', 'web', 'prebuilt');
export const OUT = join(ROOT, 'apps', 'web', 'out');
const SOURCE = join(PREBUILT, 'SOURCE.json');

/** What the export is built from. Tests and end-to-end specs are not: changing them needs no rebuild. */
const INPUTS = [
  'apps/web/src',
  'apps/web/next.config.ts',
  'apps/web/postcss.config.mjs',
  'apps/web/tsconfig.json',
  'apps/web/package.json',
  'packages/shared/src',
  'packages/shared/package.json',
  'tsconfig.base.json',
];
const notInput = (name) => name === 'test' || /\.test\.tsx?$/.test(name);

/** The locked versions of the dashboard's dependencies, from package-lock.json (not the whole lock file: a change
 * to the daemon's dependencies does not change the dashboard). */
function lockedVersions() {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  const deps = Object.keys(lock.packages['apps/web']?.dependencies ?? {}).sort();
  return deps.map((name) => {
    const entry = lock.packages[`apps/web/node_modules/${name}`] ?? lock.packages[`node_modules/${name}`];
    return `${name}@${entry?.version ?? (entry?.link ? 'workspace' : 'missing')}`;
  });
}

export function dashboardInputs() {
  return hashInputs(INPUTS, { skip: notInput, extra: lockedVersions() });
}

function prebuiltInputs() {
  try {
    return JSON.parse(readFileSync(SOURCE, 'utf8')).inputs ?? null;
  } catch {
    return null;
  }
}

/** True when apps/web/prebuilt was built from the sources in the working tree. */
export function prebuiltIsCurrent() {
  return existsSync(join(PREBUILT, 'index.html')) && prebuiltInputs() === dashboardInputs();
}

/** Put the prebuilt export where the daemon serves the dashboard from (apps/web/out). */
export function installPrebuilt() {
  rmSync(OUT, { recursive: true, force: true });
  cpSync(PREBUILT, OUT, { recursive: true, filter: (src) => src !== SOURCE });
}

function update() {
  const inputs = dashboardInputs();
  execFileSync('npm', ['run', 'build', '--workspace', '@ao/web'], { cwd: ROOT, stdio: 'inherit' });
  if (dashboardInputs() !== inputs)
    throw new Error('the dashboard sources changed during the build; run it again');
  rmSync(PREBUILT, { recursive: true, force: true });
  cpSync(OUT, PREBUILT, { recursive: true });
  const next = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'next', 'package.json'), 'utf8')).version;
  writeFileSync(SOURCE, `${JSON.stringify({ inputs, next }, null, 2)}\n`);
  console.log(`apps/web/prebuilt refreshed (inputs ${inputs.slice(0, 12)}); commit it with the sources`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const command = process.argv[2];
  if (command === 'update') {
    update();
  } else if (command === 'check') {
    if (!prebuiltIsCurrent()) {
      console.error(
        'apps/web/prebuilt is not built from the current dashboard sources (apps/web/src, packages/shared/src or the ' +
          "dashboard's locked dependencies changed). Run `npm run build:dashboard` and commit apps/web/prebuilt.",
      );
      process.exit(1);
    }
    console.log('apps/web/prebuilt is built from the current sources');
  } else {
    console.error('usage: node scripts/dashboard.mjs check|update');
    process.exit(2);
  }
}
