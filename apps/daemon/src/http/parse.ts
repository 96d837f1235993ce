import type { z } from 'zod';
import { badRequest } from './errors';

/** Validates a request part; a mismatch is a 400 naming the field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, part = 'body'): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.map(String).join('.') : part;
  const message =
    issue?.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue?.message;
  throw badRequest(
    `${field}: ${message ?? 'invalid'}`,
    issue?.code === 'unrecognized_keys' ? issue.keys[0] : field,
  );
}
