import type { Lesson } from '@ao/shared/lessons';

/** At most this many lessons go into a session's system prompt (newest accepted first). */
export const MAX_PROMPT_LESSONS = 10;
/** And at most this many characters in all (the text travels in argv for Claude and Codex). */
export const MAX_PROMPT_CHARS = 4000;

const HEADER =
  "Lessons from earlier sessions in this project, accepted by the project's maintainer (newest first):";

/**
 * The system-prompt text for a project's accepted lessons: numbered, newest first, bounded in count and length (a
 * lesson that would pass the bound is left out, with every older one). Returns the ids given, in order.
 */
export function lessonsPrompt(accepted: readonly Lesson[]): { text: string; ids: number[] } | null {
  const lines: string[] = [];
  const ids: number[] = [];
  let size = HEADER.length;
  for (const l of accepted.slice(0, MAX_PROMPT_LESSONS)) {
    const line = `${lines.length + 1}. ${oneLine(l.text)}`;
    if (size + 1 + line.length > MAX_PROMPT_CHARS) break;
    size += 1 + line.length;
    lines.push(line);
    ids.push(l.id);
  }
  if (!ids.length) return null;
  return { text: [HEADER, ...lines].join('\n'), ids };
}

/** A lesson is one line of plain text in the prompt: control characters and line breaks become spaces. */
const oneLine = (s: string): string =>
  s
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
