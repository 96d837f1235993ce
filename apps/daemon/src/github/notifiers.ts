import type { Notifier } from '@ao/shared/plugin';
import type { LoadedProject } from '../projects/project-service';
import { NotificationRouter, SqliteNotificationLog } from '../reactions';
import type { Services } from '../services';

const routers = new WeakMap<LoadedProject, NotificationRouter>();

/** The notification router of a project: its `notifiers:` settings, routing by priority, sent-once log in SQLite. */
export function routerFor(s: Services, project: LoadedProject): NotificationRouter {
  const cached = routers.get(project);
  if (cached) return cached;
  const { routing, ...settings } = project.config.notifiers;
  const channels = new Map<string, Notifier>();
  const wanted = new Set([...Object.keys(settings), ...Object.values(routing).flat()]);
  for (const name of wanted) {
    if (!s.registry.has('notifier', name)) {
      s.logger.warn({ project: project.id, notifier: name }, 'unknown notifier in config; skipped');
      continue;
    }
    channels.set(name, s.registry.create('notifier', name, settings[name] ?? {}));
  }
  const router = new NotificationRouter({
    channels,
    routing,
    log: new SqliteNotificationLog(s.db),
    logger: s.logger,
  });
  routers.set(project, router);
  return router;
}
