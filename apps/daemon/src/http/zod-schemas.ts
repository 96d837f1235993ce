import { badRequest } from '@ao/shared/errors';
import type { FastifyInstance, FastifySchemaCompiler, FastifyTypeProvider } from 'fastify';
import type { z } from 'zod';
import { useRouteCatalog } from './route-catalog';

/** Route schemas are zod schemas (from `@ao/shared`): request parts are parsed by them, replies typed by them. */
export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

/** A zod mismatch as a 400 naming the field (the first issue's path, or the request part). */
export function zodBadRequest(error: z.ZodError, part: string): Error {
  const issue = error.issues[0];
  const field = issue?.path.length ? issue.path.map(String).join('.') : part;
  const unknownKeys = issue?.code === 'unrecognized_keys';
  const message = unknownKeys ? `unknown field(s): ${issue.keys.join(', ')}` : issue?.message;
  return badRequest(`${field}: ${message ?? 'invalid'}`, unknownKeys ? issue.keys[0] : field);
}

const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = schema.safeParse(data ?? (httpPart === 'body' ? {} : data));
    return result.success
      ? { value: result.data }
      : { error: zodBadRequest(result.error, httpPart ?? 'body') };
  };

/**
 * Installs the zod compilers. Replies are written with JSON.stringify; with `checkReplies` (tests) each reply is also
 * checked against its declared schema, so a route can never answer something its schema does not describe. Every
 * route is recorded with its schemas in `app.routeCatalog` (tests enumerate and fuzz them from it).
 */
export function useZodSchemas(app: FastifyInstance, opts: { checkReplies: boolean }): void {
  useRouteCatalog(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(({ schema, url, method }) => (data) => {
    if (opts.checkReplies) {
      const result = (schema as z.ZodType).safeParse(data);
      if (!result.success) {
        throw new Error(`reply of ${method} ${url} does not fit its schema: ${result.error.message}`);
      }
    }
    return JSON.stringify(data);
  });
}
