import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { badRequest } from '@ao/shared/errors';
import { branchNameSchema } from '@ao/shared/ids';
import type { WorkspaceCreateOptions } from '@ao/shared/plugin';

/** A git remote name: a conservative subset (letters, digits, ".", "_", "-"), never starting with "-" or ".". */
const REMOTE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/;

function checkBranch(value: string, field: 'branch' | 'baseBranch'): void {
  const parsed = branchNameSchema.safeParse(value);
  if (!parsed.success) {
    const why = parsed.error.issues[0]?.message ?? 'not a valid branch name';
    throw badRequest(`${field} ${JSON.stringify(value)} is rejected: ${why}`, field);
  }
}

/** An absolute path, resolved, that git cannot read as an option. */
export function checkPath(value: string, field: string): string {
  if (!isAbsolute(value))
    throw badRequest(`${field} must be an absolute path, got ${JSON.stringify(value)}`, field);
  const path = resolve(value);
  if (path.includes('\n') || path.includes('\0'))
    throw badRequest(`${field} contains a control character`, field);
  return path;
}

/** The real path of `path`, or of its nearest existing ancestor with the rest appended (for paths not made yet). */
export function realish(path: string): string {
  const rest: string[] = [];
  let cur = resolve(path);
  for (;;) {
    try {
      return resolve(realpathSync(cur), ...[...rest].reverse());
    } catch (err) {
      // Missing (or under a file): climb to the parent; any other failure (permissions) is a real error.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      const parent = dirname(cur);
      if (parent === cur) return resolve(path);
      rest.push(basename(cur));
      cur = parent;
    }
  }
}

/** True when `child` is `parent` or lies inside it (after resolving symlinks). */
export function isInside(child: string, parent: string): boolean {
  const rel = relative(realish(parent), realish(child));
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** Validates everything a caller passes to `create` before git runs; returns the options with resolved paths. */
export function validateCreateOptions(opts: WorkspaceCreateOptions): WorkspaceCreateOptions {
  checkBranch(opts.branch, 'branch');
  checkBranch(opts.baseBranch, 'baseBranch');
  if (!REMOTE_NAME.test(opts.remote)) {
    throw badRequest(`remote ${JSON.stringify(opts.remote)} is not a valid remote name`, 'remote');
  }
  const repoPath = checkPath(opts.repoPath, 'repoPath');
  const path = checkPath(opts.path, 'path');
  if (isInside(path, repoPath)) {
    throw badRequest(
      `workspace path ${path} is inside the repository ${repoPath}; use ao's data directory`,
      'path',
    );
  }
  if (isInside(repoPath, path)) {
    throw badRequest(`workspace path ${path} contains the repository ${repoPath}`, 'path');
  }
  return { ...opts, repoPath, path };
}
