import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Notification } from '@ao/shared/plugin';
import { type FakeComposio, startFakeComposio } from '@ao/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notifierComposio } from '../../src/plugins/notifier-composio';
import { renderTemplate } from '../../src/plugins/notifier-composio/render';

const note: Notification = {
  id: 'demo-1:ci_failed:abc:escalated',
  priority: 'urgent',
  title: 'demo-1 needs you: CI still failing',
  body: 'lint failed: {{url}} $& <b>',
  url: 'https://github.com/o/r/pull/12',
  sessionId: 'demo-1',
};

let fake: FakeComposio;
beforeEach(async () => {
  fake = await startFakeComposio();
});
afterEach(() => fake.close());

const make = (over: Record<string, unknown> = {}) =>
  notifierComposio.create(
    notifierComposio.configSchema.parse({
      userId: 'default',
      action: 'SLACK_SEND_MESSAGE',
      arguments: { channel: '#agents', text: '[{{priority}}] {{title}}\n{{body}}\n{{url}} ({{sessionId}})' },
      baseUrl: fake.url,
      COMPOSIO_API_KEY: fake.apiKey,
      timeoutMs: 3000,
      ...over,
    }),
  );

describe('composio notifier (the real @composio/core against a fake Composio API)', () => {
  it('executes the tool for the user with the rendered arguments', async () => {
    await make().send(note);
    expect(fake.executions).toEqual([
      {
        slug: 'SLACK_SEND_MESSAGE',
        userId: 'default',
        arguments: {
          channel: '#agents',
          text: `[urgent] ${note.title}\nlint failed: {{url}} $& <b>\n${note.url} (demo-1)`,
        },
        version: 'latest',
        connectedAccountId: null,
      },
    ]);
    const [get, post] = fake.requests;
    expect(get).toMatchObject({ method: 'GET', path: '/api/v3.1/tools/SLACK_SEND_MESSAGE' });
    expect(post).toMatchObject({ method: 'POST', path: '/api/v3.1/tools/execute/SLACK_SEND_MESSAGE' });
    expect(post?.headers['x-api-key']).toBe(fake.apiKey);
  });

  it('pins a version and a connected account when set, and reads the key from a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ao-composio-'));
    writeFileSync(join(dir, 'key'), `${fake.apiKey}\n`);
    await make({
      COMPOSIO_API_KEY: undefined,
      apiKeyFile: join(dir, 'key'),
      version: '20250909_00',
      connectedAccountId: 'ca_123',
    }).send(note);
    expect(fake.executions[0]).toMatchObject({ version: '20250909_00', connectedAccountId: 'ca_123' });
  });

  it('rejects, naming Composio and the tool, when the tool answers successful: false', async () => {
    fake.failNext.push('channel_not_found');
    await expect(make().send(note)).rejects.toThrow(
      /Composio SLACK_SEND_MESSAGE did not succeed: channel_not_found/,
    );
    expect(fake.executions).toHaveLength(0);
  });

  it('rejects a wrong API key (401) at once', async () => {
    const started = Date.now();
    await expect(make({ COMPOSIO_API_KEY: 'ak_wrong' }).send(note)).rejects.toThrow(
      /Composio SLACK_SEND_MESSAGE: Composio refused the API key \(401\)/,
    );
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('rejects a user without a connected account, with the API message', async () => {
    fake.connectedUsers = new Set(['someone-else']);
    await expect(make().send(note)).rejects.toThrow(/SLACK_SEND_MESSAGE.*No connected account found/);
  });

  it('rejects an API that does not answer within timeoutMs', async () => {
    fake.hang = true;
    const started = Date.now();
    await expect(make({ timeoutMs: 300 }).send(note)).rejects.toThrow(
      /Composio SLACK_SEND_MESSAGE: no answer within 300 ms/,
    );
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('rejects without a key, and refuses a key written in the config', async () => {
    await expect(make({ COMPOSIO_API_KEY: undefined }).send(note)).rejects.toThrow(/COMPOSIO_API_KEY/);
    const parsed = notifierComposio.configSchema.safeParse({
      userId: 'default',
      action: 'SLACK_SEND_MESSAGE',
      apiKey: 'ak_plain',
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['apiKey']);
    expect(parsed.error?.issues[0]?.message).toMatch(/never written in the config.*COMPOSIO_API_KEY/);
  });

  it('fills templates in one pass: text from agents is never read as a template', () => {
    expect(renderTemplate('{{ title }}|{{body}}|{{nope}}', { ...note, title: '{{body}}' })).toBe(
      `{{body}}|${note.body}|{{nope}}`,
    );
  });
});
