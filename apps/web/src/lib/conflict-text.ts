import type { Dependency } from '@ao/shared/dependencies';
import type { SessionConflict } from '@ao/shared/session';

/**
 * One predicted conflict as a card line: "conflicts with ho-7 in src/x.ts (+2)", "also changed by ho-3 in a.ts",
 * "conflicts with the base in x.ts". File names are shown as text (React escapes them); a newline in one is shown as ⏎.
 */
export function conflictText(c: SessionConflict): string {
  const other = c.with === 'base' ? 'the base' : c.with;
  const first = (c.files[0] ?? '').replace(/\n/g, '⏎');
  const more = c.fileCount > 1 ? ` (+${c.fileCount - 1})` : '';
  return c.kind === 'conflict'
    ? `conflicts with ${other} in ${first}${more}`
    : `also changed by ${other} in ${first}${more}`;
}

/** Every file of a conflict, one per line (for a tooltip), with the count of those not carried. */
export function conflictFilesTitle(c: SessionConflict): string {
  const hidden = c.fileCount - c.files.length;
  return [...c.files.map((f) => JSON.stringify(f)), ...(hidden > 0 ? [`… and ${hidden} more`] : [])].join(
    '\n',
  );
}

/** "blocked by ho-3 (#12)", "blocks ho-9": the sessions (or issues) a session waits for or holds up. */
export function dependencyText(verb: 'blocked by' | 'blocks', list: readonly Dependency[]): string | null {
  if (!list.length) return null;
  const names = list.map((d) => {
    const issue = d.issue !== null ? `#${d.issue}` : null;
    return d.session ? (issue ? `${d.session} (${issue})` : d.session) : (issue ?? '?');
  });
  return `${verb} ${names.join(', ')}`;
}
