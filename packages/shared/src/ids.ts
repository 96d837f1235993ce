import { z } from 'zod';

/** A project id: lowercase, starts with a letter or digit, safe in paths, branch names and tmux names. */
export const projectIdSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,39}$/,
    'a project id is 1-40 of a-z, 0-9, "-" and "_", starting with a letter or digit',
  );

/** A session id: `<project>-<n>`, readable and never reused. */
export const sessionIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}-[1-9][0-9]{0,8}$/, 'a session id looks like "<project>-<number>"');

/** A git branch name ao accepts: a conservative subset of git-check-ref-format. */
export const branchNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._/-]+$/, 'a branch name uses only letters, digits, ".", "_", "/" and "-"')
  .refine(
    (b) =>
      !b.startsWith('-') &&
      !b.startsWith('/') &&
      !b.endsWith('/') &&
      !b.endsWith('.') &&
      !b.endsWith('.lock') &&
      !b.includes('..') &&
      !b.includes('//') &&
      !b.includes('/.') &&
      !b.startsWith('.'),
    'not a valid git branch name',
  );

/** Turns free text into a short, safe slug for branch names. */
export function slugify(text: string, max = 40): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, max).replace(/-+$/g, '');
}

/** A tracker's issue key: `ENG-42` (Linear), `PROJ-7` (Jira). Uppercase project/team key, a dash, a number. */
export const ISSUE_KEY_RE = /^[A-Z][A-Z0-9_]*-\d+$/;
export const issueKeySchema = z.string().max(64).regex(ISSUE_KEY_RE, 'an issue key looks like "ENG-42"');

/** An issue as given by a user: a number (GitHub `42`, `#42`) or a tracker key (`ENG-42`, `PROJ-7`). */
export const issueIdInputSchema = z.union(
  [
    z.number().int().positive(),
    z
      .string()
      .max(64)
      .regex(/^(#?\d+|[A-Z][A-Z0-9_]*-\d+)$/, 'an issue number (42, #42) or key (ENG-42, PROJ-7)'),
  ],
  { error: 'an issue number (42, #42) or key (ENG-42, PROJ-7)' },
);

/** `42`, `"#42"`, `"42"` → 42; `"ENG-42"` → `"ENG-42"`. Throws on anything else (validate with the schema first). */
export function parseIssueId(input: number | string): number | string {
  if (typeof input === 'number') return input;
  if (/^#?\d+$/.test(input)) return Number(input.replace('#', ''));
  if (ISSUE_KEY_RE.test(input)) return input;
  throw new Error(`not an issue number or key: ${JSON.stringify(input)}`);
}
