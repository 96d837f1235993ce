import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeComposio, startFakeComposio } from '@ao/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { errorLogs, type FastDaemon, startFast } from '../fast/harness';
import { type Receiver, startReceiver } from './http-receiver';

/**
 * A reaction's notification routed by priority to the composio notifier, through the whole daemon (fake runtime and
 * agent, the real reactor, router and @composio/core) to a fake Composio API: `all_complete` notifies at `info`.
 */
describe('notifications routed to composio (whole daemon, fake Composio API)', () => {
  let fake: FakeComposio;
  let d: FastDaemon | null = null;
  let receiver: Receiver;
  beforeEach(async () => {
    fake = await startFakeComposio();
    receiver = await startReceiver([200]);
  });
  afterEach(async () => {
    if (d) expect(errorLogs(d)).toEqual([]);
    await d?.close();
    d = null;
    await fake.close();
    await receiver.close();
  });

  const start = async (reactions: Record<string, unknown> = {}, composio: Record<string, unknown> = {}) => {
    d = await startFast({
      env: { COMPOSIO_API_KEY: fake.apiKey },
      config: {
        reactions,
        notifiers: {
          routing: { urgent: [], action: [], warning: ['webhook'], info: ['composio'] },
          webhook: { url: receiver.url, secret: 'a-secret-of-16-chars!' },
          composio: {
            userId: 'default',
            action: 'SLACK_SEND_MESSAGE',
            arguments: { channel: '#agents', text: '[{{priority}}] {{title}}\n{{body}}' },
            baseUrl: fake.url,
            timeoutMs: 5000,
            ...composio,
          },
        },
      },
    });
    return d;
  };
  /** Two sessions, both killed: every session of the project is finished, so all_complete fires once. */
  const finishAll = async (daemon: FastDaemon) => {
    const ids = [(await daemon.spawn()).id, (await daemon.spawn({ prompt: 'Add a test' })).id];
    for (const id of ids)
      expect((await daemon.inject('POST', `/api/sessions/${id}/kill`, {})).status).toBe(200);
    await daemon.app.reactions.idle();
  };

  it('executes the tool once, with the rendered arguments, for a priority routed to composio', async () => {
    const daemon = await start();
    await finishAll(daemon);
    await daemon.until(() => fake.executions.length > 0, 'the Composio execution');
    await daemon.app.reactions.idle();
    expect(fake.executions).toHaveLength(1);
    const [run] = fake.executions;
    expect(run).toMatchObject({ slug: 'SLACK_SEND_MESSAGE', userId: 'default' });
    expect(run?.arguments.channel).toBe('#agents');
    expect(String(run?.arguments.text)).toMatch(/^\[info\] .+\n.*2 session\(s\)/s);
    expect(fake.requests.every((r) => r.headers['x-api-key'] === fake.apiKey)).toBe(true);
  });

  it('executes nothing for a priority not routed to composio', async () => {
    const daemon = await start({ all_complete: { priority: 'warning' } });
    await finishAll(daemon);
    await daemon.until(() => receiver.requests.length > 0, 'the warning at the webhook');
    expect(JSON.parse(receiver.requests[0]?.body ?? '{}')).toMatchObject({ priority: 'warning' });
    expect(fake.requests).toEqual([]);
  });

  it('refuses an API key written in the config with a 400 naming the key', async () => {
    const daemon = await start();
    for (const [key, why] of [
      ['apiKey', /COMPOSIO_API_KEY or apiKeyFile/],
      ['COMPOSIO_API_KEY', /set COMPOSIO_API_KEY in the environment/],
    ] as const) {
      const repo = mkdtempSync(join(tmpdir(), 'ao-composio-'));
      mkdirSync(join(repo, '.git'));
      const composio = { userId: 'default', action: 'SLACK_SEND_MESSAGE', [key]: 'ak_plain' };
      const project = { id: `c${key.length}`, name: 'Composio', defaultBranch: 'main' };
      writeFileSync(join(repo, 'ao.config.yaml'), stringify({ project, notifiers: { composio } }));
      const res = await daemon.inject<{ error: { message: string } }>('POST', '/api/projects', {
        configPath: join(repo, 'ao.config.yaml'),
      });
      rmSync(repo, { recursive: true, force: true });
      expect(res.status).toBe(400);
      expect(res.text).toContain(`notifiers.composio.${key}`);
      expect(res.body.error.message).toMatch(why);
      expect(res.text).not.toContain('ak_plain');
    }
  });
});
