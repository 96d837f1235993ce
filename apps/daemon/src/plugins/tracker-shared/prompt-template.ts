import type { TrackerIssue } from '@ao/shared/plugin';

export const DEFAULT_PROMPT_TEMPLATE = `Work on GitHub issue #{{number}}: {{title}}
{{url}}

{{body}}

Labels: {{labels}}

Comments:
{{comments}}

When you are done, commit your work, push the branch and open a pull request whose description says "Fixes #{{number}}".`;

/** The default prompt for trackers whose issues have keys (Linear, Jira): `tracker` names it in the first line. */
export function keyedPromptTemplate(tracker: string): string {
  return `Work on ${tracker} issue {{key}}: {{title}}
{{url}}

{{body}}

Labels: {{labels}}

Comments:
{{comments}}

When you are done, commit your work, push the branch and open a pull request whose title starts with {{key}}.`;
}

const FIELDS = ['number', 'key', 'title', 'body', 'labels', 'comments', 'url'] as const;
type Field = (typeof FIELDS)[number];

function valuesOf(issue: TrackerIssue): Record<Field, string> {
  return {
    number: String(issue.number),
    key: issue.key ?? `#${issue.number}`,
    title: issue.title,
    body: issue.body.trim() || '(no description)',
    labels: issue.labels.length ? issue.labels.join(', ') : '(none)',
    comments: issue.comments.length
      ? issue.comments.map((c) => `- ${c.author}: ${c.body.trim()}`).join('\n')
      : '(none)',
    url: issue.url ?? '',
  };
}

/**
 * Fills `{{number}} {{key}} {{title}} {{body}} {{labels}} {{comments}} {{url}}` in one pass, so placeholders inside
 * the issue's own text stay as written. Unknown placeholders are left alone. `{{key}}` is `ENG-42` for trackers with
 * keys, `#42` for GitHub. The issue's text is data for the agent: it is put in as written, never interpreted.
 */
export function renderPrompt(template: string, issue: TrackerIssue): string {
  const values = valuesOf(issue);
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
    (FIELDS as readonly string[]).includes(key) ? values[key as Field] : whole,
  );
}
