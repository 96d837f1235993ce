import type { IncomingMessage } from 'node:http';
import { InvalidSecret, type SecretStore } from './secret-store';

export const SECRET_PATH = /^\/api\/v1\/namespaces\/([a-z0-9-]+)\/secrets(?:\/([a-z0-9.-]+))?$/;

/** A `Status` object, as the API server answers errors (and deletes). */
export const apiStatus = (code: number, reason: string, message: string, ok = false) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: ok ? 'Success' : 'Failure',
  message,
  reason,
  code,
});

export interface Reply {
  code: number;
  body: unknown;
}

/**
 * `/api/v1/namespaces/{ns}/secrets[/{name}]`: create (POST), list by label (GET), get, replace (PUT) and delete, with
 * the real shapes (SecretList, Status on errors and deletes).
 */
export async function secretRoute(
  secrets: SecretStore,
  req: IncomingMessage,
  match: RegExpExecArray,
  query: URLSearchParams,
  body: () => Promise<string>,
  version: () => string,
): Promise<Reply> {
  const [, ns = '', name] = match;
  const notFound = (): Reply => ({
    code: 404,
    body: apiStatus(404, 'NotFound', `secrets "${name}" not found`),
  });
  try {
    if (name === undefined && req.method === 'POST') {
      const input = JSON.parse(await body());
      const created = secrets.create(ns, input);
      if (!created) {
        const msg = `secrets "${input.metadata?.name}" already exists`;
        return { code: 409, body: apiStatus(409, 'AlreadyExists', msg) };
      }
      return { code: 201, body: created };
    }
    if (name === undefined && req.method === 'GET') {
      if (query.get('watch') === 'true') {
        return { code: 405, body: apiStatus(405, 'MethodNotAllowed', 'the fake does not watch secrets') };
      }
      const items = secrets.list(ns, query.get('labelSelector'));
      return {
        code: 200,
        body: { kind: 'SecretList', apiVersion: 'v1', metadata: { resourceVersion: version() }, items },
      };
    }
    if (name !== undefined && req.method === 'GET') {
      const s = secrets.get(ns, name);
      return s ? { code: 200, body: s } : notFound();
    }
    if (name !== undefined && req.method === 'PUT') {
      const replaced = secrets.replace(ns, name, JSON.parse(await body()));
      return replaced ? { code: 200, body: replaced } : notFound();
    }
    if (name !== undefined && req.method === 'DELETE') {
      const gone = secrets.delete(ns, name);
      if (!gone) return notFound();
      const status = apiStatus(200, '', '', true);
      return { code: 200, body: { ...status, details: { name, kind: 'secrets', uid: gone.metadata.uid } } };
    }
  } catch (err) {
    if (err instanceof InvalidSecret) return { code: 422, body: apiStatus(422, 'Invalid', err.message) };
    throw err;
  }
  return { code: 405, body: apiStatus(405, 'MethodNotAllowed', req.method ?? '') };
}
