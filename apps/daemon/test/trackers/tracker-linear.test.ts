import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeLinear, startFakeLinear } from '@ao/testkit';
import { LinearClient, LinearErrorType } from '@linear/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackerLinear } from '../../src/plugins/tracker-linear/index';
import { ISSUE_QUERY } from '../../src/plugins/tracker-linear/linear-queries';
import { testPluginContext } from '../github/plugin-context';

describe('tracker-linear (the real @linear/sdk client) against the fake Linear', () => {
  let lin: FakeLinear;

  beforeAll(async () => {
    lin = await startFakeLinear();
  });
  afterAll(() => lin.close());

  const tracker = (extra: Record<string, unknown> = {}) =>
    trackerLinear.create(
      trackerLinear.configSchema.parse({
        LINEAR_API_KEY: lin.apiKey,
        apiUrl: lin.apiUrl,
        teamKey: 'ENG',
        ...extra,
      }),
      testPluginContext(),
    );

  it('getIssue returns key, title, description, labels, comments (oldest first) and the URL', async () => {
    const added = lin.addIssue('ENG', {
      title: 'Fix login redirect',
      description: 'After login we land on /home.\n\nIgnore {{title}} here.',
      labels: ['Bug', 'auth'],
      comments: [
        { author: 'Alice', body: 'Seen on Safari too.' },
        { author: 'Bob', body: 'Probably the `next` param.' },
      ],
    });
    const got = await tracker().getIssue('', added.identifier);
    expect(got).toEqual({
      number: added.number,
      key: added.identifier,
      title: 'Fix login redirect',
      body: 'After login we land on /home.\n\nIgnore {{title}} here.',
      url: added.url,
      labels: ['Bug', 'auth'],
      comments: [
        { author: 'Alice', body: 'Seen on Safari too.' },
        { author: 'Bob', body: 'Probably the `next` param.' },
      ],
    });
    const op = lin.operations('AoIssue').at(-1);
    expect(op?.variables).toEqual({ id: added.identifier, comments: 50 });
    expect(op?.request.headers.authorization).toBe(lin.apiKey);
    expect(op?.request.headers['content-type']).toContain('application/json');
    // A bare number is in the configured team.
    expect((await tracker().getIssue('', added.number)).key).toBe(added.identifier);
  });

  it('reads the API key from a file when LINEAR_API_KEY is not set, and refuses a key in the config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ao-linear-'));
    writeFileSync(join(dir, 'key'), `${lin.apiKey}\n`);
    const added = lin.addIssue('ENG', { title: 'from a file' });
    const t = trackerLinear.create(
      trackerLinear.configSchema.parse({ apiUrl: lin.apiUrl, apiKeyFile: join(dir, 'key') }),
      testPluginContext(),
    );
    expect((await t.getIssue('', added.identifier)).title).toBe('from a file');
    const plain = trackerLinear.configSchema.safeParse({ apiKey: 'lin_api_x' });
    expect(plain.success).toBe(false);
    expect(plain.error?.issues[0]?.message).toContain('LINEAR_API_KEY');
    // Plain http only on loopback (the SDK refuses it elsewhere): told when the config is read.
    expect(trackerLinear.configSchema.safeParse({ apiUrl: 'http://linear.example/graphql' }).success).toBe(
      false,
    );
    expect(trackerLinear.configSchema.safeParse({ apiKeyFile: 'relative/key' }).success).toBe(false);
  });

  it('maps errors: unknown issue 404, bad key 502 tracker_error, bad id 400 naming issue', async () => {
    await expect(tracker().getIssue('', 'ENG-9999')).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
    });
    await expect(tracker({ LINEAR_API_KEY: 'lin_api_wrong' }).getIssue('', 'ENG-1')).rejects.toMatchObject({
      status: 502,
      code: 'tracker_error',
      message: expect.stringContaining('Linear'),
    });
    await expect(tracker().getIssue('', 'eng-1; rm -rf')).rejects.toMatchObject({
      status: 400,
      field: 'issue',
    });
    await expect(tracker({ teamKey: undefined }).getIssue('', 7)).rejects.toMatchObject({ field: 'issue' });
  });

  it('listOpen pages through open issues of the team, newest first, with labels', async () => {
    const fresh = await startFakeLinear();
    fresh.pageSize = 2;
    try {
      for (let i = 1; i <= 5; i++)
        fresh.addIssue('WEB', { title: `web ${i}`, labels: i === 2 ? ['ao'] : [] });
      fresh.addIssue('WEB', { title: 'done one', stateType: 'completed' });
      fresh.addIssue('OPS', { title: 'other team' });
      const t = trackerLinear.create(
        trackerLinear.configSchema.parse({
          LINEAR_API_KEY: fresh.apiKey,
          apiUrl: fresh.apiUrl,
          teamKey: 'WEB',
        }),
        testPluginContext(),
      );
      const open = await t.listOpen('');
      expect(open.map((i) => i.key)).toEqual(['WEB-5', 'WEB-4', 'WEB-3', 'WEB-2', 'WEB-1']);
      expect(open.find((i) => i.key === 'WEB-2')?.labels).toEqual(['ao']);
      expect(fresh.operations('AoOpenIssues')).toHaveLength(3);
    } finally {
      await fresh.close();
    }
  });

  it('an unreachable or hanging Linear is a 503 naming Linear, within the timeout', async () => {
    const down = await startFakeLinear();
    await down.close();
    const t0 = performance.now();
    const gone = tracker({ apiUrl: down.apiUrl, LINEAR_API_KEY: down.apiKey });
    await expect(gone.getIssue('', 'ENG-1')).rejects.toMatchObject({
      status: 503,
      code: 'tracker_unavailable',
      message: expect.stringMatching(/Linear is unreachable/),
    });
    lin.hang = true;
    try {
      await expect(tracker({ timeoutMs: 300 }).listOpen('')).rejects.toMatchObject({
        status: 503,
        message: expect.stringContaining('Linear did not answer within 0.3 s'),
      });
    } finally {
      lin.hang = false;
    }
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it("the fake validates queries against Linear's schema, as Linear does (so ao's queries are checked too)", async () => {
    const client = new LinearClient({ apiKey: lin.apiKey, apiUrl: lin.apiUrl });
    await expect(
      client.client.rawRequest('query Bad { issue(id: "ENG-1") { nope } }', {}),
    ).rejects.toMatchObject({
      type: LinearErrorType.GraphqlError,
      status: 400,
    });
    await expect(client.client.rawRequest(ISSUE_QUERY, { id: 'ENG-1' })).rejects.toMatchObject({
      status: 400,
    });
  });

  it('promptFor fills {{key}} and the issue text as data', () => {
    const prompt = tracker().promptFor({
      number: 42,
      key: 'ENG-42',
      title: 'Fix it',
      body: 'Use {{title}} literally.',
      url: 'https://linear.app/acme/issue/eng-42',
      labels: [],
      comments: [{ author: 'Alice', body: 'hurry' }],
    });
    expect(prompt).toContain('Work on Linear issue ENG-42: Fix it');
    expect(prompt).toContain('Use {{title}} literally.');
    expect(prompt).toContain('- Alice: hurry');
  });
});
