// Diagnostic for benchmark 1: times, one by one, the git commands the worktree workspace runs to create one
// session's worktree (the sequence in apps/daemon/src/plugins/workspace-worktree/create-worktree.ts), without the
// daemon. Shows which step the spawn latency goes to.
// Usage: node bench/git-steps.mjs [--sessions 10]
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import {
  formatSummary,
  makeProject,
  printMachine,
  round,
  summarize,
} from '../packages/testkit/dist/testkit.mjs';

const execFileP = promisify(execFile);
const { values: opts } = parseArgs({ options: { sessions: { type: 'string', default: '10' } } });
const N = Number(opts.sessions);
const ENV = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '', LC_ALL: 'C' };

/** The daemon's git calls for session `id`, in order, as [step name, args]. */
function steps(id, path, sha) {
  const branch = `ao/${id}-bench`;
  const key = (name) => `branch.${branch}.${name}`;
  return [
    ['rev-parse --show-toplevel', ['rev-parse', '--show-toplevel']],
    ['remote get-url', ['remote', 'get-url', 'origin']],
    ['rev-parse session branch', ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`]],
    [
      'rev-parse remote session branch',
      ['rev-parse', '--verify', '--quiet', `refs/remotes/origin/${branch}^{commit}`],
    ],
    [
      'fetch origin main',
      ['fetch', '--no-tags', '--', 'origin', '+refs/heads/main:refs/remotes/origin/main'],
    ],
    ['rev-parse origin/main', ['rev-parse', '--verify', '--quiet', 'refs/remotes/origin/main^{commit}']],
    ['worktree add', ['worktree', 'add', '--no-track', '-b', branch, '--', path, sha]],
    ...['remote', 'merge', 'aoSession', 'aoBaseSha'].map((k, i) => [
      'config x4',
      ['config', key(k), ['origin', `refs/heads/${branch}`, id, sha][i]],
    ]),
  ];
}

async function main() {
  const machine = printMachine();
  const project = await makeProject('gs', {}, { tmpPrefix: 'ao-bench-git-' });
  const worktrees = mkdtempSync(join(tmpdir(), 'ao-bench-wt-'));
  const times = {};
  const totals = [];
  try {
    const sha = (await project.git(['rev-parse', 'HEAD'])).trim();
    for (let i = 1; i <= N; i++) {
      const t0 = performance.now();
      for (const [name, args] of steps(`gs-${i}`, join(worktrees, `gs-${i}`), sha)) {
        const s = performance.now();
        await execFileP('git', args, { cwd: project.repo, env: ENV }).catch((err) => {
          if (typeof err.code !== 'number' || !name.startsWith('rev-parse')) throw err; // "no such ref" is an answer
        });
        times[name] = times[name] ?? [];
        times[name].push(performance.now() - s);
      }
      totals.push(performance.now() - t0);
    }
  } finally {
    rmSync(worktrees, { recursive: true, force: true });
    project.cleanup();
  }
  console.log(`\ngit steps of one worktree creation (${N} sessions, sequential)`);
  const perStep = {};
  for (const [name, list] of Object.entries(times)) {
    const perSession = name === 'config x4' ? sumPerSession(list, 4) : list;
    perStep[name] = summarize(perSession);
    console.log(formatSummary(`  ${name}`, perStep[name]));
  }
  const total = summarize(totals);
  console.log(formatSummary('  total', total));
  console.log(
    JSON.stringify({ bench: 'git-steps', date: new Date().toISOString(), machine, perStep, total }),
  );
}

const sumPerSession = (list, k) =>
  Array.from({ length: list.length / k }, (_, i) =>
    round(list.slice(i * k, i * k + k).reduce((a, b) => a + b, 0)),
  );

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
