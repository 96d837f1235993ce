import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { example, type FakeGitHub, signedDelivery, startFakeGitHub } from '@ao/testkit';
import { type Daemon, repoRoot } from './daemon';

/** The fake repository the project points at. */
export const REPO = 'acme/demo';
const PROJECT = 'acme';
const READ_MESSAGES = join(repoRoot, 'apps', 'daemon', 'test', 'runtime', 'read-messages.mjs');

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'ao e2e',
  GIT_AUTHOR_EMAIL: 'ao@test.invalid',
  GIT_COMMITTER_NAME: 'ao e2e',
  GIT_COMMITTER_EMAIL: 'ao@test.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8', stdio: 'pipe' }).trim();
}

/** Commits (empty) in a session's worktree, pushes its branch to the local bare remote, returns the new head sha. */
export function pushCommit(worktree: string, branch: string, message: string): string {
  git(['-c', 'commit.gpgsign=false', 'commit', '--allow-empty', '-m', message], worktree);
  git(['push', 'origin', branch], worktree);
  return git(['rev-parse', 'HEAD'], worktree);
}

type Payload = Record<string, unknown>;

export interface GitHubProject {
  gh: FakeGitHub;
  project: string;
  /** Where the test agent (read-messages.mjs) records each submitted message, one JSON string per line. */
  messagesFile: string;
  messages(): string[];
  /** Signs and POSTs a webhook to the daemon like GitHub; throws unless it is accepted (2xx). */
  deliver(event: string, payload: Payload): Promise<void>;
  prPayload(action: string, pr: { number: number; branch: string; sha: string }): Payload;
  checkRunPayload(sha: string, branch: string, conclusion: string | null): Payload;
  reviewPayload(state: string, pr: { number: number; branch: string; sha: string }): Payload;
  reviewCommentPayload(pr: { number: number; branch: string; sha: string }): Payload;
  cleanup(): Promise<void>;
}

/** Points every example payload at the fake repository. */
function withRepo(payload: Payload): Payload {
  const repository = payload.repository as Payload & { owner: Payload };
  repository.full_name = REPO;
  repository.name = 'demo';
  repository.owner.login = 'acme';
  return payload;
}

function setPr(payload: Payload, pr: { number: number; branch: string; sha: string }): Payload {
  const p = payload.pull_request as Payload & { head: Payload };
  p.number = pr.number;
  p.head.ref = pr.branch;
  p.head.sha = pr.sha;
  return payload;
}

function makeRepo(root: string, configFor: (messagesFile: string) => unknown) {
  const remote = join(root, 'demo.git');
  const repo = join(root, 'demo');
  const messagesFile = join(root, 'messages.jsonl');
  mkdirSync(repo);
  git(['init', '-q', '--bare', '--initial-branch=main', remote], root);
  git(['init', '-q', '--initial-branch=main', repo], root);
  writeFileSync(join(repo, 'README.md'), '# demo\n');
  const configPath = join(repo, 'ao.config.yaml');
  writeFileSync(configPath, `${JSON.stringify(configFor(messagesFile), null, 2)}\n`); // JSON is valid YAML
  git(['add', '.'], repo);
  git(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'initial'], repo);
  git(['remote', 'add', 'origin', remote], repo);
  git(['push', '-q', '-u', 'origin', 'main'], repo);
  return { configPath, messagesFile };
}

/**
 * A fake GitHub (with `acme/demo` and open issues) and a second project registered in the running daemon, whose
 * tracker and SCM are that fake, whose agent records the messages it receives, and whose reconciler never polls
 * (webhooks only). Returns the webhook plumbing the test drives.
 */
export async function startGitHubProject(
  daemon: Daemon,
  issues: Array<{ number: number; title: string; body: string; labels: string[] }>,
): Promise<GitHubProject> {
  const gh = await startFakeGitHub();
  const root = mkdtempSync(join(tmpdir(), 'ao-web-gh-'));
  try {
    gh.addRepo(REPO);
    for (const i of issues) gh.addIssue(REPO, i);
    const github = { baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token };
    const { configPath, messagesFile } = makeRepo(root, (messagesFile) => ({
      project: { id: PROJECT, name: 'Acme web', defaultBranch: 'main', repo: REPO },
      agent: 'generic',
      runtime: 'tmux',
      agents: {
        generic: {
          command: [process.execPath, READ_MESSAGES, messagesFile],
          prompt: 'type',
          typeDelayMs: 300,
        },
      },
      tracker: 'github',
      trackers: { github },
      scms: { github },
      github: { pollIntervalSec: 3600 },
    }));
    const added = await daemon.api('POST', '/api/projects', { configPath });
    if (added.status !== 201) throw new Error(`project registration answered ${added.status}`);
    const secret = (await daemon.api<{ secret: string }>('GET', '/api/github/webhook')).body.secret;
    return {
      gh,
      project: PROJECT,
      messagesFile,
      messages: () =>
        existsSync(messagesFile)
          ? readFileSync(messagesFile, 'utf8')
              .split('\n')
              .filter((l) => l !== '')
              .map((l) => JSON.parse(l) as string)
          : [],
      async deliver(event, payload) {
        const { rawBody, headers } = signedDelivery(secret, event, payload);
        const res = await fetch(`${daemon.url}/api/webhooks/github`, {
          method: 'POST',
          headers,
          body: rawBody.toString('utf8'), // the very bytes that were signed (JSON text)
        });
        if (!res.ok) throw new Error(`webhook ${event} answered ${res.status}: ${await res.text()}`);
      },
      prPayload: (action, pr) => {
        const payload = setPr(withRepo(example('pull_request', (x) => x.action === 'opened')), pr);
        payload.action = action;
        return payload;
      },
      checkRunPayload: (sha, branch, conclusion) => {
        const payload = withRepo(example('check_run', (x) => x.action === 'completed'));
        const run = payload.check_run as Payload & { check_suite?: Payload };
        run.head_sha = sha;
        run.status = conclusion === null ? 'in_progress' : 'completed';
        run.conclusion = conclusion;
        if (run.check_suite) run.check_suite.head_branch = branch;
        return payload;
      },
      reviewPayload: (state, pr) => {
        const payload = setPr(withRepo(example('pull_request_review')), pr);
        (payload.review as Payload).state = state;
        return payload;
      },
      reviewCommentPayload: (pr) => setPr(withRepo(example('pull_request_review_comment')), pr),
      async cleanup() {
        await gh.close();
        rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }); // the daemon may still be running git here
      },
    };
  } catch (err) {
    await gh.close();
    rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }); // the daemon may still be running git here
    throw err;
  }
}
