// Predicted conflicts (apps/daemon/src/fleet-signals/conflicts): the full conflict matrix of 30 live branches, each
// touching 30 files (27 of its own, 3 of 20 shared "hot" files, some on the same lines), plus each branch against a
// base that moved, from cold (a fresh engine: every git answer computed); then the incremental update after one branch
// moves (one more commit on it), as the daemon does it: one `for-each-ref`, then git only for what involves the moved
// head. The engine's own TypeScript source is bundled with esbuild on the fly (nothing to build first), and runs git
// for real on a real repository with a local bare remote.
// Usage: node bench/conflicts.mjs [--branches 30] [--files 30] [--runs 5] [--moves 10] [--profile]
// (--profile prints, for each incremental update, the git processes it ran and their summed time by command.)
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { build } from 'esbuild';

const execFileP = promisify(execFile);
const { values: opts } = parseArgs({
  options: {
    branches: { type: 'string', default: '30' },
    files: { type: 'string', default: '30' },
    runs: { type: 'string', default: '5' },
    moves: { type: 'string', default: '10' },
    profile: { type: 'boolean', default: false },
  },
});
const B = Number(opts.branches);
const F = Number(opts.files);
const HOT = 20;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@invalid',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};
const git = async (cwd, ...args) => (await execFileP('git', args, { cwd, env: ENV })).stdout.trim();
const lines = (tag, edit = -1) =>
  Array.from({ length: 40 }, (_, i) => (i === edit ? `${tag} edits line ${i}` : `line ${i}`)).join('\n') +
  '\n';
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x) => `${x.toFixed(1)} ms`;
const round = (x) => Math.round(x * 10) / 10;

async function loadEngine(dir) {
  const outfile = join(dir, 'engine.mjs');
  const src = join(root, 'apps/daemon/src/fleet-signals/conflicts');
  await build({
    stdin: {
      contents: `export { ConflictEngine } from './conflict-engine';
        export { createRunGit } from './git-exec';
        export { readRefs } from './git-queries';`,
      resolveDir: src,
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
  });
  return import(pathToFileURL(outfile).href);
}

async function makeRepo(dir) {
  const remote = join(dir, 'r.git');
  const repo = join(dir, 'r');
  await git(dir, 'init', '-q', '--bare', '--initial-branch=main', remote);
  await git(dir, 'init', '-q', '--initial-branch=main', repo);
  const own = F - 3;
  for (let i = 0; i < B * own; i++) {
    mkdirSync(join(repo, `src/m${i % 17}`), { recursive: true });
    writeFileSync(join(repo, `src/m${i % 17}/own-${i}.ts`), lines('base'));
  }
  for (let h = 0; h < HOT; h++) writeFileSync(join(repo, `hot-${h}.ts`), lines('base'));
  await git(repo, 'add', '.');
  await git(repo, 'commit', '-q', '-m', 'base');
  await git(repo, 'remote', 'add', 'origin', remote);
  await git(repo, 'push', '-q', 'origin', 'main');
  for (let b = 0; b < B; b++) {
    await git(repo, 'checkout', '-q', '-b', `ao/b-${b}`, 'main');
    for (let k = 0; k < own; k++) {
      const i = b * own + k;
      writeFileSync(join(repo, `src/m${i % 17}/own-${i}.ts`), lines(`b${b}`, 3));
    }
    // 3 hot files, on line (b % 4) * 10: two branches on one hot file and one line conflict, the others overlap.
    for (let k = 0; k < 3; k++)
      writeFileSync(join(repo, `hot-${(b + k * 7) % HOT}.ts`), lines(`b${b}`, (b % 4) * 10));
    await git(repo, 'commit', '-q', '-am', `branch ${b}`);
  }
  await git(repo, 'checkout', '-q', 'main');
  for (let h = 0; h < 5; h++) writeFileSync(join(repo, `hot-${h}.ts`), lines('main', 0));
  await git(repo, 'commit', '-q', '-am', 'main moves');
  await git(repo, 'push', '-q', 'origin', 'main');
  return repo;
}

async function main() {
  const gitVersion = await git(root, '--version');
  const head = await git(root, 'rev-parse', '--short', 'HEAD').catch(() => 'unknown');
  console.log(
    `machine: ${cpus()[0]?.model}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
      `node ${process.version}, ${gitVersion}, load average ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}, HEAD ${head}`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'ao-bench-conflicts-'));
  try {
    const { ConflictEngine, createRunGit, readRefs } = await loadEngine(dir);
    const t0 = performance.now();
    const repo = await makeRepo(dir);
    console.log(`repository: ${B} branches x ${F} files changed each, made in ${ms(performance.now() - t0)}`);
    const rawGit = createRunGit();
    const calls = [];
    const runGit = async (r, a, input) => {
      const s = performance.now();
      try {
        return await rawGit(r, a, input);
      } finally {
        calls.push([a[0], performance.now() - s]);
      }
    };
    const heads = async () => {
      const refs = await readRefs(runGit, repo, ['refs/heads/', 'refs/remotes/origin/main']);
      const branches = [];
      for (let b = 0; b < B; b++) branches.push({ id: `b-${b}`, head: refs.get(`refs/heads/ao/b-${b}`) });
      return { branches, base: refs.get('refs/remotes/origin/main') };
    };
    const count = (result) => {
      let conflict = 0;
      let overlap = 0;
      for (const list of result.values())
        for (const c of list) c.kind === 'conflict' ? conflict++ : overlap++;
      return { conflict, overlap };
    };

    const cold = [];
    let engine;
    let result;
    calls.length = 0;
    for (let r = 0; r < Number(opts.runs); r++) {
      engine = new ConflictEngine(runGit, { concurrency: 2 });
      const s = performance.now();
      const { branches, base } = await heads();
      result = await engine.compute(repo, branches, base);
      cold.push(performance.now() - s);
    }
    const c = count(result);
    console.log(
      `full matrix from cold (${(B * (B - 1)) / 2} pairs + ${B} against the base): p50 ${ms(pct(cold, 50))}, ` +
        `max ${ms(Math.max(...cold))} over ${cold.length} runs; entries: ${c.conflict} conflict, ${c.overlap} overlap`,
    );

    const inc = [];
    calls.length = 0;
    for (let m = 0; m < Number(opts.moves); m++) {
      const b = (m * 7) % B;
      await git(repo, 'checkout', '-q', `ao/b-${b}`);
      writeFileSync(join(repo, `hot-${(b + 3) % HOT}.ts`), lines(`b${b}-move${m}`, 20 + (m % 10)));
      await git(repo, 'commit', '-q', '-am', `move ${m}`);
      const s = performance.now();
      const { branches, base } = await heads();
      result = await engine.compute(repo, branches, base);
      inc.push(performance.now() - s);
      if (opts.profile) {
        const by = {};
        for (const [n, t] of calls) {
          by[n] ??= { processes: 0, ms: 0 };
          by[n].processes++;
          by[n].ms = round(by[n].ms + t);
        }
        console.log(`  move ${m}: ${JSON.stringify(by)}`);
      }
      calls.length = 0;
    }
    await git(repo, 'checkout', '-q', 'main');
    const ci = count(result);
    console.log(
      `incremental after one branch moved: p50 ${ms(pct(inc, 50))}, max ${ms(Math.max(...inc))} over ${inc.length} moves; ` +
        `entries after: ${ci.conflict} conflict, ${ci.overlap} overlap`,
    );
    const goals = [
      ['full matrix from cold <= 3 s (p50)', pct(cold, 50) <= 3000],
      ['incremental after one push <= 300 ms (p50)', pct(inc, 50) <= 300],
    ];
    for (const [goal, met] of goals) console.log(`${met ? 'met    ' : 'NOT MET'} ${goal}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
