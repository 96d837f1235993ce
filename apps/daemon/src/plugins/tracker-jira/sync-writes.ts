import { trackerError } from '@ao/shared/errors';
import type { IssueTarget, SyncOutcome, Tracker, TrackerSync } from '@ao/shared/plugin';
import { adfToMarkdown } from './adf-to-markdown';
import { type JiraConnection, jiraGet, jiraRequest } from './jira-client';

interface Transitions {
  transitions?: Array<{ id: string; name: string; to?: { name?: string } }>;
}
interface StatusOnly {
  fields: { status?: { name?: string } };
}
interface Comments {
  comments?: Array<{ body?: unknown }>;
}

type Writes = Required<Pick<Tracker, 'markInProgress' | 'markDone' | 'comment'>>;

/** A comment's footer naming ao and the marker that recognises it. */
export const footer = (marker: string) => `— posted by ao (${marker})`;

/** Markdown-ish text as an ADF document: a paragraph per line, http(s) URLs as links. */
export function textToAdf(text: string): unknown {
  const inline = (line: string) =>
    line
      .split(/(https?:\/\/\S+)/)
      .filter(Boolean)
      .map((part) =>
        /^https?:\/\//.test(part)
          ? { type: 'text', text: part, marks: [{ type: 'link', attrs: { href: part } }] }
          : { type: 'text', text: part },
      );
  return {
    type: 'doc',
    version: 1,
    content: text.split('\n').map((line) => ({ type: 'paragraph', content: inline(line) })),
  };
}

/**
 * The Jira tracker's writes: the transition named in `sync.inProgress` / `sync.done` (by transition name or the
 * status it leads to, case-insensitively; nothing when the issue already has that status), comments in ADF with ao's
 * footer unless one of the issue's newest 100 comments already carries it.
 */
export function jiraSyncWrites(
  c: JiraConnection,
  sync: TrackerSync,
  keyOf: (i: IssueTarget) => string,
): Writes {
  const transition = async (issue: IssueTarget, name: string | undefined): Promise<SyncOutcome> => {
    if (!name) return 'off';
    const key = keyOf(issue);
    const want = name.toLowerCase();
    const [current, list] = await Promise.all([
      jiraGet<StatusOnly>(c, `issue/${key}?fields=status`, `issue ${key}`),
      jiraGet<Transitions>(c, `issue/${key}/transitions`, `issue ${key}`),
    ]);
    if (current.fields.status?.name?.toLowerCase() === want) return 'already';
    const t = (list.transitions ?? []).find(
      (x) => x.name.toLowerCase() === want || x.to?.name?.toLowerCase() === want,
    );
    if (!t) {
      const names = (list.transitions ?? []).map((x) => x.name).join(', ');
      throw trackerError(`Jira issue ${key}: no transition "${name}" from its status (available: ${names})`);
    }
    if (t.to?.name && t.to.name.toLowerCase() === current.fields.status?.name?.toLowerCase())
      return 'already';
    await jiraRequest(c, 'POST', `issue/${key}/transitions`, `issue ${key}`, { transition: { id: t.id } });
    return 'done';
  };
  return {
    markInProgress: (_repo, issue) => transition(issue, sync.inProgress),
    markDone: (_repo, issue) => transition(issue, sync.done),
    async comment(_repo, issue, body, marker) {
      const key = keyOf(issue);
      const path = `issue/${key}/comment?maxResults=100&orderBy=-created`;
      const existing = await jiraGet<Comments>(c, path, `issue ${key}`);
      if ((existing.comments ?? []).some((cm) => adfToMarkdown(cm.body).includes(marker))) return 'already';
      const adf = textToAdf(`${body}\n\n${footer(marker)}`);
      await jiraRequest(c, 'POST', `issue/${key}/comment`, `issue ${key}`, { body: adf });
      return 'done';
    },
  };
}
