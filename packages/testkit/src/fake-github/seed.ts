import type {
  FakeCheckRun,
  FakeIssue,
  FakePull,
  FakeRepo,
  FakeReview,
  FakeStatus,
  FakeThread,
} from './state';
import { fakeSha, newRepo, nextId, nextNumber, now } from './state';

/** Helpers that put state into the fake GitHub, with realistic defaults for every field not given. */

type Opt<T, K extends keyof T> = Partial<Omit<T, K>> & Pick<T, K>;

export interface FakeSeeders {
  /** With `gitDir` (a bare repository), PR heads, mergeability and merges come from and go to real git. */
  addRepo(
    fullName: string,
    opts?: { defaultBranch?: string; requiresReview?: boolean; gitDir?: string },
  ): FakeRepo;
  addIssue(
    fullName: string,
    issue: Opt<Omit<FakeIssue, 'comments'>, 'title'> & { comments?: Array<{ author: string; body: string }> },
  ): FakeIssue;
  /** Head sha defaults to a sha derived from the head ref; mergeable defaults to true / 'clean'. */
  addPull(
    fullName: string,
    pull: Opt<Omit<FakePull, 'head' | 'base'>, 'title'> & {
      head: string | { ref: string; sha: string };
      base?: string;
    },
  ): FakePull;
  /** A check run on a sha; with `log`, an Actions job whose log is served at /actions/jobs/{id}/logs. */
  addCheckRun(fullName: string, run: Opt<FakeCheckRun, 'name' | 'headSha'> & { log?: string }): FakeCheckRun;
  /** Sets a branch tip (e.g. the default branch's), so `commits/{branch}/check-runs` lists that commit's checks. */
  setBranch(fullName: string, ref: string, sha: string): void;
  /** The conclusions the next re-runs of the check named `name` finish with, in order (then `success`). */
  scriptRerun(fullName: string, name: string, ...conclusions: FakeCheckRun['conclusion'][]): void;
  addStatus(fullName: string, status: Opt<FakeStatus, 'sha' | 'context' | 'state'>): FakeStatus;
  addReview(fullName: string, review: Opt<FakeReview, 'pull' | 'author' | 'state'>): FakeReview;
  /** A review thread; `comments[0]` is the thread's first comment. */
  addThread(
    fullName: string,
    thread: Opt<Omit<FakeThread, 'comments'>, 'pull' | 'path'> & {
      comments: Array<{ author: string; body: string }>;
    },
  ): FakeThread;
}

export function createSeeders(
  repos: Map<string, FakeRepo>,
  getRepo: (fullName: string) => FakeRepo,
): FakeSeeders {
  return {
    addRepo: (fullName, o) => {
      const repo = newRepo(fullName, o);
      repos.set(fullName, repo);
      return repo;
    },
    addIssue: (fullName, i) => {
      const repo = getRepo(fullName);
      const t = now();
      const issue: FakeIssue = {
        number: i.number ?? nextNumber(repo),
        title: i.title,
        body: i.body ?? '',
        state: i.state ?? 'open',
        author: i.author ?? 'octocat',
        labels: i.labels ?? [],
        assignees: i.assignees ?? [],
        comments: (i.comments ?? []).map((c) => ({
          id: nextId(),
          author: c.author,
          body: c.body,
          createdAt: t,
        })),
        createdAt: i.createdAt ?? t,
        updatedAt: i.updatedAt ?? t,
      };
      repo.issues.set(issue.number, issue);
      return issue;
    },
    addPull: (fullName, p) => {
      const repo = getRepo(fullName);
      const t = now();
      const head = typeof p.head === 'string' ? { ref: p.head, sha: fakeSha(`head:${p.head}`) } : p.head;
      const baseRef = p.base ?? repo.defaultBranch;
      const { head: _h, base: _b, ...rest } = p;
      const pr: FakePull = {
        number: nextNumber(repo),
        body: '',
        state: 'open',
        merged: false,
        mergeCommitSha: null,
        draft: false,
        author: repo.owner,
        mergeable: true,
        mergeableState: 'clean',
        requestedReviewers: [],
        requestedTeams: [],
        labels: [],
        createdAt: t,
        updatedAt: t,
        mergedAt: null,
        closedAt: null,
        ...rest,
        head,
        base: { ref: baseRef, sha: fakeSha(`base:${baseRef}`) },
      };
      repo.pulls.set(pr.number, pr);
      return pr;
    },
    addCheckRun: (fullName, c) => {
      const repo = getRepo(fullName);
      const { log, ...rest } = c;
      const status = c.status ?? 'completed';
      const run: FakeCheckRun = {
        id: nextId(),
        status,
        conclusion: status === 'completed' ? 'success' : null,
        app: 'github-actions',
        detailsUrl: null,
        output: { title: null, summary: null, text: null },
        startedAt: now(),
        completedAt: status === 'completed' ? now() : null,
        ...rest,
      };
      repo.checkRuns.push(run);
      if (log !== undefined) repo.jobLogs.set(run.id, log);
      return run;
    },
    setBranch: (fullName, ref, sha) => {
      getRepo(fullName).branches.set(ref, sha);
    },
    scriptRerun: (fullName, name, ...conclusions) => {
      const script = getRepo(fullName).rerunScript;
      script.set(name, [...(script.get(name) ?? []), ...conclusions]);
    },
    addStatus: (fullName, s) => {
      const status: FakeStatus = { id: nextId(), targetUrl: null, description: null, createdAt: now(), ...s };
      getRepo(fullName).statuses.push(status);
      return status;
    },
    addReview: (fullName, r) => {
      const repo = getRepo(fullName);
      const pr = repo.pulls.get(r.pull);
      const review: FakeReview = {
        id: nextId(),
        body: '',
        commitId: pr?.head.sha ?? '',
        submittedAt: now(),
        ...r,
      };
      repo.reviews.push(review);
      if (pr) touch(pr);
      return review;
    },
    addThread: (fullName, th) => {
      const t = now();
      const thread: FakeThread = {
        id: nextId(),
        line: null,
        isResolved: false,
        isOutdated: false,
        ...th,
        comments: th.comments.map((c) => ({ id: nextId(), author: c.author, body: c.body, createdAt: t })),
      };
      getRepo(fullName).threads.push(thread);
      const pr = getRepo(fullName).pulls.get(th.pull);
      if (pr) touch(pr);
      return thread;
    },
  };
}

/** Like GitHub, a review or a review comment moves the pull request's `updated_at` (always forward here). */
function touch(pr: { updatedAt: string }): void {
  pr.updatedAt = new Date(Math.max(Date.parse(pr.updatedAt) + 1000, Date.now())).toISOString();
}
