import type { Lesson } from '@ao/shared/lessons';

/** A lesson list with one lesson put in its place (by id), newest first, as `GET /api/lessons` orders them. */
export function upsertLesson(list: readonly Lesson[], l: Lesson): Lesson[] {
  return [l, ...list.filter((x) => x.id !== l.id)].sort((a, b) => b.id - a.id);
}

/** The lessons to show: proposals first (they wait for the human), then accepted; rejected ones only when asked. */
export function lessonGroups(list: readonly Lesson[], showRejected: boolean) {
  return {
    proposed: list.filter((l) => l.state === 'proposed'),
    accepted: list.filter((l) => l.state === 'accepted'),
    rejected: showRejected ? list.filter((l) => l.state === 'rejected') : [],
  };
}
