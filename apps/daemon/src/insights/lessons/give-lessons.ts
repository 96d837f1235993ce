import { createHash } from 'node:crypto';
import type { Lesson } from '@ao/shared/lessons';
import type { ProjectService } from '../../projects/project-service';
import type { OutcomeRecorder } from '../outcome-recorder';
import type { LessonStore } from './lesson-store';
import { lessonsPrompt } from './lessons-prompt';

export interface LaunchingSession {
  id: string;
  projectId: string;
  issue: unknown;
}

/**
 * The system-prompt text a session is launched with: its project's accepted lessons (bounded, newest first,
 * numbered). A fresh start records the lesson ids and the prompt template in effect in the session's outcome row; a
 * resume gives the lessons recorded at its start again (those still accepted), so a session keeps the rules it began
 * with.
 */
export function lessonsForLaunch(
  deps: { lessons: LessonStore; outcomes: OutcomeRecorder; projects: ProjectService },
  s: LaunchingSession,
  opts: { resume: boolean },
): string | null {
  const accepted = deps.lessons.accepted(s.projectId);
  if (opts.resume) {
    const given = deps.outcomes.get(s.id)?.lessons;
    if (given) {
      const byId = new Map(accepted.map((l) => [l.id, l]));
      const kept = given.flatMap((id) => byId.get(id) ?? []) as Lesson[];
      return lessonsPrompt(kept)?.text ?? null;
    }
  }
  const prompt = lessonsPrompt(accepted);
  deps.outcomes.launched(s.id, {
    lessons: prompt?.ids ?? null,
    promptTemplate: templateOf(deps.projects, s),
  });
  return prompt?.text ?? null;
}

/**
 * The tracker prompt template an issue session was started with: `<tracker>:default`, or `<tracker>:custom:<hash>`
 * for the project's own `promptTemplate` (a short hash tells two versions apart); null for a plain prompt.
 */
function templateOf(projects: ProjectService, s: LaunchingSession): string | null {
  if (!s.issue) return null;
  let config: ReturnType<ProjectService['get']>['config'];
  try {
    config = projects.get(s.projectId).config;
  } catch {
    return null; // the project's config no longer loads: nothing to name
  }
  const tracker = config.tracker;
  const settings = config.trackers[tracker] as { promptTemplate?: unknown } | undefined;
  const custom = typeof settings?.promptTemplate === 'string' ? settings.promptTemplate : null;
  if (!custom) return `${tracker}:default`;
  return `${tracker}:custom:${createHash('sha256').update(custom).digest('hex').slice(0, 8)}`;
}
