import { isAbsolute, resolve } from 'node:path';
import { badRequest } from '@ao/shared/errors';
import type { Git } from '../workspace-shared/git';

/** `scheme://...` or scp-like `[user@]host:path` (a ":" before any "/"): anything else is a local path. */
function isRemoteUrl(url: string): boolean {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url)) return true;
  const colon = url.indexOf(':');
  const slash = url.indexOf('/');
  return colon > 0 && (slash < 0 || colon < slash);
}

/** A local-path URL is relative to the repository it was configured in; the clone lives elsewhere. */
export function absoluteRemoteUrl(url: string, repoPath: string): string {
  return isRemoteUrl(url) || isAbsolute(url) ? url : resolve(repoPath, url);
}

export interface RemoteUrls {
  fetch: string;
  /** Set only when the remote pushes somewhere else than it fetches from (`remote.<name>.pushurl`). */
  push: string | null;
}

/** The URLs of the user's remote, so the clone fetches from and pushes to the real remote, not the user's checkout. */
export async function readRemoteUrls(git: Git, repoPath: string, remote: string): Promise<RemoteUrls> {
  const fetch = await git.probe(repoPath, ['remote', 'get-url', remote]);
  if (fetch === null) throw badRequest(`the repository ${repoPath} has no remote "${remote}"`, 'remote');
  const push = await git.probe(repoPath, ['remote', 'get-url', '--push', remote]);
  const abs = absoluteRemoteUrl(fetch, repoPath);
  const absPush = push === null ? null : absoluteRemoteUrl(push, repoPath);
  return { fetch: abs, push: absPush !== null && absPush !== abs ? absPush : null };
}
