import fp from 'fastify-plugin';
import { ProjectService } from './project-service';

declare module 'fastify' {
  interface FastifyInstance {
    projects: ProjectService;
  }
}

/** The `projects` resource: every registered `ao.config.yaml`, loaded and validated at registration. */
export const projectsResource = fp<{ env: Record<string, string | undefined> }>(
  async (app, opts) => {
    const projects = new ProjectService(app.db, app.bus, app.registry, opts.env);
    await projects.loadAll();
    app.decorate('projects', projects);
  },
  { name: 'projects', dependencies: ['db', 'bus', 'registry'] },
);
