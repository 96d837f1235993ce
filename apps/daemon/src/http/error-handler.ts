import { AoError } from '@ao/shared/errors';
import type { Logger } from '@ao/shared/plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConfigError } from '../config/load-project-config';
import { PluginConfigError } from '../plugins/registry';
import { SETTINGS_KEY } from '../projects/read-project';

/**
 * One error handler for every route: coded errors (`AoError`) answer with their status from the table in
 * `@ao/shared/errors`; config errors are 400s naming the key; a plugin whose settings do not fit is a 400 naming its
 * slot; Fastify's own 4xx keep their status; anything else is a generic 500, logged with the request.
 */
export function useErrorHandler(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((err: FastifyError | AoError | ConfigError, req, reply) => {
    if (err instanceof AoError) {
      return reply
        .code(err.status)
        .send({ error: { code: err.code, message: err.message, field: err.field } });
    }
    if (err instanceof PluginConfigError) {
      // A plugin chosen in a request whose settings in the project's config do not fit it (or are missing).
      const where = `${SETTINGS_KEY[err.slot] ?? err.slot}.${err.plugin}`;
      return reply.code(400).send({
        error: {
          code: 'bad_request',
          message: `${err.message} (its settings: ${where} in ao.config.yaml)`,
          field: err.slot,
        },
      });
    }
    if (err instanceof ConfigError) {
      return reply
        .code(400)
        .send({ error: { code: 'bad_request', message: err.message, field: err.keyPath } });
    }
    const e = err as FastifyError;
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply
        .code(413)
        .send({ error: { code: 'payload_too_large', message: 'request body too large' } });
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.code(e.statusCode).send({ error: { code: 'bad_request', message: e.message } });
    }
    logger.error({ err: e.message, stack: e.stack, url: req.url, method: req.method }, 'request failed');
    return reply.code(500).send({ error: { code: 'internal', message: 'internal error (see `ao logs`)' } });
  });
}

/**
 * Fastify's own refusals before any route runs (a URL that is not valid percent-encoding, a path parameter past the
 * router's limit): the same coded error shape as every other refusal (Fastify's default is `{error: 'Bad Request'}`).
 */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  reply.code(status).send({ error: { code: 'bad_request', message: err.message } });
}
