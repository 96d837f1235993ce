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
