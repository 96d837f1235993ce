import {
  checkRunPayload,
  deliver,
  type FakeGitHub,
  git,
  type Payload,
  type ProjectFixture,
  type PrRef,
  pullRequestPayload,
  readMessages,
  reviewCommentPayload,
  reviewPayload,
  signedDelivery,
  startFakeGitHub,
} from '@ao/testkit';
import type { Daemon } from './daemon';

/** The fake repository the project points at. */
export const REPO = 'acme/demo';
const PROJECT = 'acme';

/** Commits (empty) in a session's worktree, pushes its branch to the local bare remote, returns the new head sha. */
export async function pushCommit(worktree: string, branch: string, message: string): Promise<string> {
  await git(['-c', 'commit.gpgsign=false', 'commit', '-q', '--allow-empty', '-m', message], worktree);
  await git(['push', '-q', 'origin', branch], worktree);
  return git(['rev-parse', 'HEAD'], worktree);
}

type Pr = { number: number; branch: string; sha: string };

export interface GitHubProject {
  gh: FakeGitHub;
  project: string;
  /** Where the test agent (@ao/testkit's read-messages.mjs) records each submitted message, one JSON string per line. */
  messagesFile: string;
  messages(): string[];
  /** Signs and POSTs a webhook to the daemon like GitHub; throws unless it is accepted (2xx). */
  deliver(event: string, payload: Payload): Promise<void>;
  prPayload(action: string, pr: Pr): Payload;
  checkRunPayload(sha: string, branch: string, conclusion: string | null): Payload;
  reviewPayload(state: string, pr: Pr): Payload;
  reviewCommentPayload(pr: Pr): Payload;
  cleanup(): Promise<void>;
}

/**
 * A fake GitHub (with `acme/demo` and open issues) and a second project registered in the running daemon, whose
 * tracker and SCM are that fake, whose agent (testkit's default) records the messages it receives, and whose
 * reconciler never polls (webhooks only). Returns the webhook plumbing the test drives.
 */
export async function startGitHubProject(
  daemon: Daemon,
  issues: Array<{ number: number; title: string; body: string; labels: string[] }>,
): Promise<GitHubProject> {
  const gh = await startFakeGitHub();
  try {
    gh.addRepo(REPO);
    for (const i of issues) gh.addIssue(REPO, i);
    const github = { baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token };
    const project: ProjectFixture = await daemon.addProject(
      PROJECT,
      { tracker: 'github', trackers: { github }, scms: { github }, github: { pollIntervalSec: 3600 } },
      { project: { name: 'Acme web', repo: REPO }, tmpPrefix: 'ao-web-gh-' },
    );
    const secret = (await daemon.api<{ secret: string }>('GET', '/api/github/webhook')).body.secret;
    const prRef = (pr: Pr, action?: string): PrRef => ({ ...pr, action });
    return {
      gh,
      project: PROJECT,
      messagesFile: project.messagesFile,
      messages: () => readMessages(project.messagesFile),
      async deliver(event, payload) {
        const r = await deliver(daemon.url, signedDelivery(secret, event, payload));
        if (r.status < 200 || r.status > 299)
          throw new Error(`webhook ${event} answered ${r.status}: ${JSON.stringify(r.body)}`);
      },
      prPayload: (action, pr) => pullRequestPayload(REPO, prRef(pr, action)),
      checkRunPayload: (sha, branch, conclusion) => checkRunPayload(REPO, { sha, branch, conclusion }),
      reviewPayload: (state, pr) => reviewPayload(REPO, state, prRef(pr)),
      reviewCommentPayload: (pr) => reviewCommentPayload(REPO, prRef(pr)),
      // The repository is removed with the daemon's (the fixture's cleanup, after the daemon stopped).
      cleanup: () => gh.close(),
    };
  } catch (err) {
    await gh.close();
    throw err;
  }
}
