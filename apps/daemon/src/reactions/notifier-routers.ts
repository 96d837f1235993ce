import type { Logger, Notifier } from '@ao/shared/plugin';
import type { Db } from '../db/open-db';
import type { PluginRegistry } from '../plugins/registry';
import type { LoadedProject } from '../projects/project-service';
import { NotificationRouter } from './notification-router';
import { SqliteNotificationLog } from './sqlite-stores';

/** One notification router per loaded project config: its `notifiers:` settings, priority routing, sent-once log. */
export class NotifierRouters {
  private readonly routers = new WeakMap<LoadedProject, NotificationRouter>();

  constructor(
    private readonly db: Db,
    private readonly registry: PluginRegistry,
    private readonly logger: Logger,
    /** A notifier's settings for a project, secrets from the environment filled in (ProjectService.settings). */
    private readonly settingsOf: (project: LoadedProject, name: string) => unknown = (project, name) =>
      project.config.notifiers[name] ?? {},
  ) {}

  of(project: LoadedProject): NotificationRouter {
    const cached = this.routers.get(project);
    if (cached) return cached;
    const { routing, ...settings } = project.config.notifiers;
    const channels = new Map<string, Notifier>();
    const wanted = new Set([...Object.keys(settings), ...Object.values(routing).flat()]);
    for (const name of wanted) {
      if (!this.registry.has('notifier', name)) {
        this.logger.warn({ project: project.id, notifier: name }, 'unknown notifier in config; skipped');
        continue;
      }
      channels.set(name, this.registry.create('notifier', name, this.settingsOf(project, name)));
    }
    const router = new NotificationRouter({
      channels,
      routing,
      log: new SqliteNotificationLog(this.db),
      logger: this.logger,
    });
    this.routers.set(project, router);
    return router;
  }
}
