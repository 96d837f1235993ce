// GitHub's side of bench/fleet-sim.mjs: every head pushed to the bare remote gets a PR (once per branch) and a check
// run `ci` decided by the issue's plan and the broken-base period; a PR whose checks are green gets a bot and a human
// approval. The fake GitHub merges into the bare remote itself (addRepo with gitDir).
import {
  checkRunPayload,
  git,
  pullRequestPayload,
  reviewPayload,
} from '../../packages/testkit/dist/testkit.mjs';

export class FleetCi {
  constructor(gh, repo, remote, plans) {
    Object.assign(this, { gh, repo, remote, plans });
    this.tips = new Map(); // branch -> last sha seen
    this.prOf = new Map(); // branch -> { number, openedAt, issue }
    this.failKind = new Map(); // sha -> 'bug' | 'flaky' | 'broken'
    this.bugFailed = new Set();
    this.flakyFailed = new Set();
    this.reviewed = new Set();
    this.broken = null; // { since }
    this.brokenDone = false;
    this.issueOf = new Map(); // branch -> issue number
    this.rerunsSeen = 0; // re-runs ao asked of GitHub that this CI has told of
    this.logOf = new Map(); // failing sha -> its log, for a re-run that fails again
    this.outbox = []; // webhook deliveries [event, payload] GitHub would send, flushed by the harness
  }

  async mainTip() {
    return git(['rev-parse', 'refs/heads/main'], this.remote);
  }

  /** A finished check run `ci` on `sha` and its `check_run` delivery (with the run's own id, as GitHub sends it). */
  run(sha, conclusion, log, branch = null) {
    const pr = branch ? this.prOf.get(branch) : null;
    const run = this.gh.addCheckRun(this.repo, {
      name: 'ci',
      headSha: sha,
      conclusion,
      ...(conclusion === 'failure'
        ? { log: log ?? 'FAIL\n##[error]Process completed with exit code 1.\n' }
        : {}),
    });
    const payload = checkRunPayload(this.repo, {
      number: pr?.number,
      branch: branch ?? 'main',
      sha,
      conclusion,
      name: 'ci',
    });
    payload.check_run.id = run.id;
    if (!pr) payload.check_run.pull_requests = [];
    this.outbox.push(['check_run', payload]);
  }

  /** The default branch breaks (its check fails) until `fixBase()`. */
  async breakBase() {
    this.broken = { since: Date.now() };
    this.run(await this.mainTip(), 'failure', 'FAIL test/base.test.js: main is broken\n');
  }

  /**
   * The fix lands: main's check passes again. A re-run of a PR check that failed meanwhile now runs against a fixed
   * main and passes; asking for those re-runs is ao's job (nothing re-runs them otherwise, as on GitHub).
   */
  async fixBase() {
    this.broken = null;
    this.brokenDone = true;
    this.run(await this.mainTip(), 'success');
    const script = this.gh.repo(this.repo).rerunScript;
    for (const [sha, kind] of this.failKind) if (kind === 'broken') script.set(`ci@${sha}`, ['success']);
  }

  /** One pass over the remote's branches: new heads get a PR (first time) and a check run. */
  async tick() {
    const out = await git(
      ['for-each-ref', '--format=%(refname:short) %(objectname)', 'refs/heads/'],
      this.remote,
    );
    const mainSha = out
      .split('\n')
      .find((l) => l.startsWith('main '))
      ?.split(' ')[1];
    if (mainSha && mainSha !== this.tips.get('main')) {
      this.tips.set('main', mainSha);
      this.run(mainSha, this.broken ? 'failure' : 'success');
    }
    for (const line of out.split('\n')) {
      const [branch, sha] = line.split(' ');
      const n = this.issueOf.get(branch);
      if (!n || this.tips.get(branch) === sha) continue;
      this.tips.set(branch, sha);
      const p = this.plans[n];
      if (!this.prOf.has(branch)) {
        const pr = this.gh.addPull(this.repo, {
          title: `Fix #${n}`,
          body: `Closes #${n}`,
          head: { ref: branch, sha },
        });
        this.prOf.set(branch, { number: pr.number, openedAt: Date.now(), issue: n });
        this.outbox.push(['pull_request', pullRequestPayload(this.repo, { number: pr.number, branch, sha })]);
      } else {
        const number = this.prOf.get(branch).number;
        const payload = pullRequestPayload(this.repo, { number, branch, sha, action: 'synchronize' });
        this.outbox.push(['pull_request', payload]);
      }
      this.checkHead(branch, sha, p);
    }
    this.answerReruns();
    this.review();
  }

  /**
   * Re-runs ao asked for: the fake GitHub made a new run of the check on the same commit, finished as scripted when
   * the failure was made (a real bug and a broken base fail again, a flaky failure passes). GitHub tells with a
   * check_run delivery, as for any run.
   */
  answerReruns() {
    const repo = this.gh.repo(this.repo);
    for (const rerun of repo.reruns.slice(this.rerunsSeen)) {
      for (const id of rerun.created) {
        const run = repo.checkRuns.find((r) => r.id === id);
        if (!run) continue;
        const branch = [...this.tips].find(([b, sha]) => b !== 'main' && sha === run.headSha)?.[0] ?? null;
        if (run.conclusion === 'failure') repo.jobLogs.set(run.id, this.logOf.get(run.headSha));
        const pr = branch ? this.prOf.get(branch) : null;
        const payload = checkRunPayload(this.repo, {
          number: pr?.number,
          branch: branch ?? 'main',
          sha: run.headSha,
          conclusion: run.conclusion,
          name: run.name,
        });
        payload.check_run.id = run.id;
        this.outbox.push(['check_run', payload]);
      }
    }
    this.rerunsSeen = repo.reruns.length;
  }

  checkHead(branch, sha, p) {
    if (this.broken) {
      this.failKind.set(sha, 'broken');
      return this.failAgainOnRerun(sha, 'FAIL test/base.test.js: main is broken\n', branch);
    }
    if (p.bug && !this.bugFailed.has(p.n)) {
      this.bugFailed.add(p.n);
      this.failKind.set(sha, 'bug');
      return this.failAgainOnRerun(sha, `FAIL test/issue-${p.n}.test.js: expected 2, got 1\n`, branch);
    }
    if (p.flaky && !this.flakyFailed.has(p.n)) {
      this.flakyFailed.add(p.n);
      this.failKind.set(sha, 'flaky');
      return this.run(sha, 'failure', 'FAIL test/net.test.js: ETIMEDOUT (flaky)\n', branch);
    }
    this.run(sha, 'success', null, branch);
  }

  /** A failure that is not flaky: a re-run of it fails the same way. */
  failAgainOnRerun(sha, log, branch) {
    this.logOf.set(sha, log);
    this.gh.scriptRerun(this.repo, `ci@${sha}`, 'failure');
    this.run(sha, 'failure', log, branch);
  }

  /** A PR whose head's latest `ci` run passed gets a bot approval and a human approval (once). */
  review() {
    const repo = this.gh.repo(this.repo);
    for (const [branch, pr] of this.prOf) {
      if (this.reviewed.has(branch)) continue;
      const sha = this.tips.get(branch);
      const runs = repo.checkRuns.filter((r) => r.headSha === sha && r.name === 'ci');
      if (runs.at(-1)?.conclusion !== 'success') continue;
      this.reviewed.add(branch);
      this.gh.addReview(this.repo, {
        pull: pr.number,
        author: 'review-bot[bot]',
        state: 'APPROVED',
        body: 'Bot: OK.',
      });
      this.gh.addReview(this.repo, {
        pull: pr.number,
        author: 'maintainer',
        state: 'APPROVED',
        body: 'LGTM',
      });
      this.outbox.push([
        'pull_request_review',
        reviewPayload(this.repo, 'approved', { number: pr.number, branch, sha }),
      ]);
    }
  }

  merged() {
    const repo = this.gh.repo(this.repo);
    return [...this.prOf.values()].filter((pr) => repo.pulls.get(pr.number)?.merged);
  }
}
