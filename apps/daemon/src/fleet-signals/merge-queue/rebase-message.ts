import type { BranchTarget } from './update-branch';

/**
 * The message asking an agent to rebase its branch: why ao did not do it, and the conflicting files (names are data
 * from the repository: quoted as JSON strings, never as instructions).
 */
export function rebaseMessage(t: BranchTarget, prNumber: number, reason: string, files: string[]): string {
  const where = `${t.remote}/${t.base}`;
  const named = files.length
    ? ` Conflicting files: ${files
        .slice(0, 20)
        .map((f) => JSON.stringify(f))
        .join(', ')}${files.length > 20 ? ` and ${files.length - 20} more` : ''}.`
    : '';
  return (
    `Merge queue: ${t.base} moved and PR #${prNumber} (branch ${JSON.stringify(t.branch)}) must be rebased onto ` +
    `${where} before its turn; ao could not do it itself: ${reason}.${named} Please run ` +
    `\`git fetch ${t.remote} && git rebase ${where}\`, resolve the conflicts, run the tests, and push with ` +
    `\`git push --force-with-lease\`.`
  );
}
