import { PassThrough } from 'node:stream';
import type { SavedWork } from '@ao/shared/plugin';
import type { V1Status } from '@kubernetes/client-node';
import { type Kube, statusOf } from './kube-client';
import { AGENT_CONTAINER } from './labels';

/** The ref work is saved to on the remote: ao's own, never the agent's branch. */
export const rescueRef = (sessionId: string) => `refs/heads/ao-rescue/${sessionId}`;

const MARK = 'AO-SAVE-WORK';
/**
 * Run in the agent's container ($1 the clone's path, $2 the rescue ref). Counts commits on no remote-tracking ref and
 * uncommitted files (untracked ones too, ignored ones not); when there is any, snapshots the whole work tree as a
 * commit on top of HEAD through a temporary index (the agent's index, work tree and branch untouched) and pushes it to
 * the rescue ref. Prints one `AO-SAVE-WORK` line: `clean <head>`, or `saved <commit> <unpushed> <dirty>`.
 */
const SCRIPT = `set -e
export GIT_TERMINAL_PROMPT=0
cd "$1"
head=$(git rev-parse HEAD)
unpushed=$(git rev-list --count HEAD --not --remotes)
dirty=$(git status --porcelain --untracked-files=all | wc -l | tr -d ' ')
if [ "$unpushed" = 0 ] && [ "$dirty" = 0 ]; then echo "${MARK} clean $head"; exit 0; fi
commit=$head
if [ "$dirty" != 0 ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  export GIT_INDEX_FILE="$tmp/index"
  git read-tree HEAD
  git add -A
  tree=$(git write-tree)
  unset GIT_INDEX_FILE
  commit=$(git -c user.name=ao -c user.email=ao@localhost commit-tree "$tree" -p HEAD -m "ao: uncommitted work of $2 when its pod was deleted")
fi
remote=origin
git remote get-url origin >/dev/null 2>&1 || remote=$(git remote | head -n 1)
git push --quiet --force "$remote" "$commit:$2" </dev/null
echo "${MARK} saved $commit $unpushed $dirty"
`;

export interface SaveWorkTarget {
  namespace: string;
  pod: string;
  sessionId: string;
  /** The clone's path in the pod (the worktree's path). */
  cwd: string;
  timeoutMs: number;
}

/** Runs a command in the agent's container through the exec API; its output (stdout and stderr) and exit status. */
async function execIn(
  kube: Kube,
  t: SaveWorkTarget,
  command: string[],
): Promise<{ out: string; status: V1Status | null }> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => {
    text += d.toString('utf8');
  });
  let status: V1Status | null = null;
  const ws = await kube.exec.exec(
    t.namespace,
    t.pod,
    AGENT_CONTAINER,
    command,
    out,
    out,
    null,
    false,
    (s) => {
      status = s;
    },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.close();
      reject(new Error(`timed out after ${t.timeoutMs / 1000}s`));
    }, t.timeoutMs);
    ws.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  return { out: text, status };
}

/**
 * Saves what the agent did in its pod's clone before the pod is deleted (see SCRIPT). A pod that is gone has nothing
 * to save; one that has ended can no longer be exec'd into. Throws, naming why, when the work could not be saved.
 */
export async function saveWork(kube: Kube, t: SaveWorkTarget): Promise<SavedWork> {
  const pod = await kube.core.readNamespacedPod({ name: t.pod, namespace: t.namespace }).catch((err) => {
    if (statusOf(err) === 404) return null;
    throw err;
  });
  if (pod === null) return { outcome: 'none', detail: 'no pod: nothing to save' };
  const phase = pod.status?.phase ?? 'Unknown';
  // Pending: the agent never ran, so it did nothing to lose.
  if (phase === 'Pending') return { outcome: 'none', detail: 'the pod had not started: nothing to save' };
  if (phase !== 'Running' || pod.metadata?.deletionTimestamp) {
    return {
      outcome: 'unreachable',
      detail: `the pod was no longer running (${phase}): its workspace could not be checked for unpushed work`,
    };
  }
  const ref = rescueRef(t.sessionId);
  const { out, status } = await execIn(kube, t, ['/bin/sh', '-c', SCRIPT, 'ao-save-work', t.cwd, ref]);
  const line = out.split('\n').find((l) => l.startsWith(`${MARK} `));
  const failed = (status as V1Status | null)?.status !== 'Success';
  if (failed || line === undefined) {
    const tail = out.trim().split('\n').slice(-3).join(' | ').slice(0, 400);
    throw new Error(
      `saving the pod's work failed: ${tail || (status as V1Status | null)?.message || 'no output'}`,
    );
  }
  const [, what, commit = '', unpushed = '0', dirty = '0'] = line.trim().split(/\s+/);
  if (what === 'clean') return { outcome: 'clean', detail: 'no unpushed work in the pod', commit };
  const parts = [
    Number(unpushed) > 0 && `${unpushed} unpushed commit(s)`,
    Number(dirty) > 0 && `${dirty} uncommitted file(s)`,
  ].filter(Boolean);
  return {
    outcome: 'saved',
    ref,
    commit,
    detail: `${parts.join(' and ')} saved to ${ref} on the remote (commit ${commit.slice(0, 12)})`,
  };
}
