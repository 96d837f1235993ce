import type { Services } from '../services';
import { spawnSession } from '../sessions/spawn-session';

const lastRun = new Map<string, number>();

/**
 * Starts sessions for open issues carrying one of the project's `github.autoPickup.labels`, up to `maxConcurrent`
 * active ones; an issue that already has a session (in any state) is never picked twice. Throttled to the project's
 * poll interval unless `force` (an `issues` webhook).
 */
export async function autoPickup(s: Services, projectId: string, force = false): Promise<string[]> {
  const project = s.projects.get(projectId);
  const { labels, maxConcurrent } = project.config.github.autoPickup;
  const repo = project.config.project.repo;
  if (!labels.length || !repo || project.config.tracker === 'none') return [];
  const now = Date.now();
  if (!force && now - (lastRun.get(projectId) ?? 0) < project.config.github.pollIntervalSec * 1000) return [];
  lastRun.set(projectId, now);
  const tracker = s.registry.create(
    'tracker',
    project.config.tracker,
    s.projects.settings(project, 'tracker', project.config.tracker),
  );
  const rows = s.store.rows(projectId);
  const taken = new Set(rows.flatMap((r) => (r.issue ? [(r.issue as { number: number }).number] : [])));
  let active = rows.filter(
    (r) => r.issue && ['spawning', 'running', 'runtime_lost'].includes(r.status),
  ).length;
  const started: string[] = [];
  for (const issue of await tracker.listOpen(repo)) {
    if (active >= maxConcurrent) break;
    if (taken.has(issue.number) || !issue.labels.some((l) => labels.includes(l))) continue;
    const session = await spawnSession(s, { project: projectId, issue: issue.number });
    started.push(session.id);
    active++;
  }
  return started;
}
