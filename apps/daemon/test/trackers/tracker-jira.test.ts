import { adfText, type FakeJira, startFakeJira } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackerJira } from '../../src/plugins/tracker-jira/index';
import { testPluginContext } from '../github/plugin-context';

describe('tracker-jira (REST v3, API token) against the fake Jira', () => {
  let jira: FakeJira;

  beforeAll(async () => {
    jira = await startFakeJira();
  });
  afterAll(() => jira.close());

  const tracker = (extra: Record<string, unknown> = {}) =>
    trackerJira.create(
      trackerJira.configSchema.parse({
        baseUrl: jira.url,
        projectKey: 'PROJ',
        JIRA_EMAIL: jira.email,
        JIRA_API_TOKEN: jira.token,
        ...extra,
      }),
      testPluginContext(),
    );

  it('getIssue returns the summary, the ADF description and comments as markdown, labels and the browse URL', async () => {
    const added = jira.addIssue('PROJ', {
      summary: 'Export fails on empty rows',
      description: {
        type: 'doc',
        version: 1,
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'Steps:' }] },
          {
            type: 'orderedList',
            content: [
              {
                type: 'listItem',
                content: [{ type: 'paragraph', content: [{ type: 'text', text: 'open' }] }],
              },
              {
                type: 'listItem',
                content: [
                  {
                    type: 'paragraph',
                    content: [{ type: 'text', text: 'export', marks: [{ type: 'code' }] }],
                  },
                ],
              },
            ],
          },
          {
            type: 'codeBlock',
            attrs: { language: 'sh' },
            content: [{ type: 'text', text: 'ao export --all' }],
          },
        ],
      },
      labels: ['backend'],
      comments: [{ author: 'Carol', body: adfText('Reproduced on 1.4.') }],
    });
    const got = await tracker().getIssue('', added.key);
    expect(got).toEqual({
      number: 1,
      key: 'PROJ-1',
      title: 'Export fails on empty rows',
      body: 'Steps:\n\n1. open\n2. `export`\n\n```sh\nao export --all\n```',
      url: `${jira.url}/browse/PROJ-1`,
      labels: ['backend'],
      comments: [{ author: 'Carol', body: 'Reproduced on 1.4.' }],
    });
    const auth = jira.requests.at(-1)?.headers.authorization;
    expect(auth).toBe(`Basic ${Buffer.from(`${jira.email}:${jira.token}`).toString('base64')}`);
    expect((await tracker().getIssue('', 1)).key).toBe('PROJ-1');
  });

  it('maps errors: unknown issue 404, bad token 502 tracker_error, bad key 400 naming issue', async () => {
    await expect(tracker().getIssue('', 'PROJ-999')).rejects.toMatchObject({ status: 404 });
    await expect(tracker({ JIRA_API_TOKEN: 'wrong' }).getIssue('', 'PROJ-1')).rejects.toMatchObject({
      code: 'tracker_error',
      message: expect.stringContaining('Jira refused'),
    });
    await expect(tracker().getIssue('', '../../admin')).rejects.toMatchObject({
      status: 400,
      field: 'issue',
    });
    await expect(tracker({ JIRA_API_TOKEN: undefined }).getIssue('', 'PROJ-1')).rejects.toMatchObject({
      code: 'tracker_error',
      message: expect.stringContaining('JIRA_API_TOKEN'),
    });
  });

  it('listOpen pages (nextPageToken) through open issues of the project, newest first', async () => {
    const fresh = await startFakeJira();
    fresh.pageSize = 2;
    try {
      for (let i = 1; i <= 5; i++)
        fresh.addIssue('WEB', { summary: `web ${i}`, labels: i === 3 ? ['ao'] : [] });
      fresh.addIssue('WEB', { summary: 'done', statusCategory: 'done' });
      fresh.addIssue('OPS', { summary: 'other' });
      const t = trackerJira.create(
        trackerJira.configSchema.parse({
          baseUrl: fresh.url,
          projectKey: 'WEB',
          JIRA_EMAIL: fresh.email,
          JIRA_API_TOKEN: fresh.token,
        }),
        testPluginContext(),
      );
      const open = await t.listOpen('');
      expect(open.map((i) => i.key)).toEqual(['WEB-5', 'WEB-4', 'WEB-3', 'WEB-2', 'WEB-1']);
      expect(open.find((i) => i.key === 'WEB-3')?.labels).toEqual(['ao']);
      expect(fresh.requests.filter((r) => r.path === '/rest/api/3/search/jql')).toHaveLength(3);
    } finally {
      await fresh.close();
    }
  });

  it('an unreachable or hanging Jira is a 503 naming Jira, within the timeout', async () => {
    const down = await startFakeJira();
    await down.close();
    await expect(tracker({ baseUrl: down.url }).getIssue('', 'PROJ-1')).rejects.toMatchObject({
      status: 503,
      message: expect.stringContaining('Jira is unreachable'),
    });
    jira.hang = true;
    const t0 = performance.now();
    try {
      await expect(tracker({ timeoutMs: 300 }).getIssue('', 'PROJ-1')).rejects.toMatchObject({
        code: 'tracker_unavailable',
        message: expect.stringContaining('Jira did not answer within 0.3 s'),
      });
    } finally {
      jira.hang = false;
    }
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
