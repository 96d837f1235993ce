import type { PluginModule, Tracker, TrackerIssue } from '@ao/shared/plugin';
import { z } from 'zod';
import { trackerFields } from '../tracker-shared/config-fields';
import { issueKeyOf, numberOfKey } from '../tracker-shared/issue-key';
import { keyedPromptTemplate, renderPrompt } from '../tracker-shared/prompt-template';
import { readSecret, refusedSecret, secretFileSchema } from '../tracker-shared/secret';
import { adfToMarkdown } from './adf-to-markdown';
import { type JiraConnection, jiraGet } from './jira-client';
import { openIssuesJql } from './open-issues-jql';
import { jiraSyncWrites } from './sync-writes';

/** Issues read by listOpen at most (10 pages). */
const MAX_LISTED = 1000;

const configSchema = z.object({
  baseUrl: z.url().describe('Your Jira Cloud site, e.g. https://acme.atlassian.net'),
  projectKey: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]*$/, 'a Jira project key, e.g. PROJ')
    .optional()
    .describe(
      'Project key (PROJ): `--issue 7` means PROJ-7; the issue picker and auto-pickup list this project',
    ),
  email: z.string().min(3).optional().describe('Account email for the API token, when JIRA_EMAIL is not set'),
  apiTokenFile: secretFileSchema
    .optional()
    .describe('File holding the Jira API token, when JIRA_API_TOKEN is not set'),
  apiToken: refusedSecret('set JIRA_API_TOKEN or apiTokenFile'),
  ...trackerFields('Jira', 100),
  JIRA_EMAIL: z.string().optional().describe('Filled from the environment by the daemon'),
  JIRA_API_TOKEN: z.string().optional().describe('Filled from the environment by the daemon'),
});

interface JiraIssue {
  key: string;
  fields: { summary?: string; description?: unknown; labels?: string[] };
}
interface JiraComments {
  comments?: Array<{ author?: { displayName?: string }; body?: unknown }>;
}
interface JiraSearch {
  issues?: JiraIssue[];
  nextPageToken?: string;
  isLast?: boolean;
}

function toIssue(baseUrl: string, i: JiraIssue, comments: TrackerIssue['comments']): TrackerIssue {
  return {
    number: numberOfKey(i.key),
    key: i.key,
    title: i.fields.summary ?? '',
    body: adfToMarkdown(i.fields.description),
    url: `${baseUrl.replace(/\/+$/, '')}/browse/${i.key}`,
    labels: i.fields.labels ?? [],
    comments,
  };
}

/** Jira Cloud issues (REST v3, API token) as the source of work: `ao start --issue PROJ-7`. */
export const trackerJira = {
  manifest: { name: 'jira', slot: 'tracker', description: 'Jira Cloud issues (JIRA_EMAIL + JIRA_API_TOKEN)' },
  configSchema,
  create(config, _ctx): Tracker {
    const c: JiraConnection = {
      baseUrl: config.baseUrl,
      email: config.JIRA_EMAIL || config.email,
      token: readSecret(config.JIRA_API_TOKEN, config.apiTokenFile, 'apiTokenFile'),
      timeoutMs: config.timeoutMs,
    };
    const template = config.promptTemplate ?? keyedPromptTemplate('Jira');
    return {
      async getIssue(_repo, id) {
        const key = issueKeyOf(id, config.projectKey, 'Jira');
        const max = config.maxComments;
        const [issue, comments] = await Promise.all([
          jiraGet<JiraIssue>(c, `issue/${key}?fields=summary,description,labels`, `issue ${key}`),
          max > 0
            ? jiraGet<JiraComments>(
                c,
                `issue/${key}/comment?maxResults=${max}&orderBy=created`,
                `issue ${key}`,
              )
            : Promise.resolve<JiraComments>({ comments: [] }),
        ]);
        const list = (comments.comments ?? []).slice(0, max).map((cm) => ({
          author: cm.author?.displayName ?? 'unknown',
          body: adfToMarkdown(cm.body),
        }));
        return toIssue(config.baseUrl, issue, list);
      },
      async listOpen(_repo, by) {
        const jql = openIssuesJql(config.projectKey, by);
        const out: TrackerIssue[] = [];
        let token: string | undefined;
        do {
          const q = new URLSearchParams({ jql, fields: 'summary,labels', maxResults: '100' });
          if (token) q.set('nextPageToken', token);
          const page = await jiraGet<JiraSearch>(c, `search/jql?${q}`, 'search');
          out.push(...(page.issues ?? []).map((i) => toIssue(config.baseUrl, i, [])));
          token =
            page.isLast === false || (page.isLast === undefined && page.nextPageToken)
              ? page.nextPageToken
              : undefined;
        } while (token && out.length < MAX_LISTED);
        return out;
      },
      promptFor: (issue) => renderPrompt(template, issue),
      sync: config.sync,
      ...jiraSyncWrites(c, config.sync, (i) => i.key ?? issueKeyOf(i.number, config.projectKey, 'Jira')),
    };
  },
} satisfies PluginModule<'tracker', typeof configSchema>;
