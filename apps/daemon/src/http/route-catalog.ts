import type { FastifyInstance, RouteOptions } from 'fastify';
import type { z } from 'zod';

/** A route as declared: its method, URL pattern and zod schemas (what tests and the fuzz enumerate). */
export interface DeclaredRoute {
  method: string;
  url: string;
  websocket: boolean;
  schema: {
    params?: z.ZodType;
    querystring?: z.ZodType;
    body?: z.ZodType;
    headers?: z.ZodType;
    response?: Record<string, z.ZodType>;
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, with its declared schemas (filled as routes are added, complete once ready). */
    routeCatalog: readonly DeclaredRoute[];
  }
}

/** Records every route as it is added (an `onRoute` hook), so a new route is enumerated without a list to update. */
export function useRouteCatalog(app: FastifyInstance): void {
  const routes: DeclaredRoute[] = [];
  app.decorate('routeCatalog', routes);
  app.addHook('onRoute', (route: RouteOptions & { websocket?: boolean }) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const schema = (route.schema ?? {}) as DeclaredRoute['schema'];
    for (const method of methods) {
      routes.push({ method, url: route.url, websocket: Boolean(route.websocket), schema });
    }
  });
}
