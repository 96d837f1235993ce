import type { Session } from '@ao/shared/session';
import { makeProject, type ProjectFixture, waitFor } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';
import { type Receiver, startReceiver } from '../reactions/http-receiver';

/** The `all_complete` reaction: when every session of a project is finished, it notifies once per set of sessions. */
describe('all_complete (real daemon, webhook notifier to a local receiver)', () => {
  let d: TestDaemon;
  let p: ProjectFixture;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver([200]);
    p = await makeProject('allc', {
      notifiers: {
        webhook: { url: receiver.url, secret: 'a-secret-of-16-chars!' },
        routing: { info: ['webhook'] },
      },
    });
    d = await startTestDaemon();
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
  });
  afterAll(async () => {
    await d.stop();
    await receiver.close();
    p.cleanup();
  });

  it('notifies once when the last session of the project finishes, not before', async () => {
    const ids: string[] = [];
    for (const prompt of ['one', 'two']) {
      ids.push((await d.api<{ session: Session }>('POST', '/api/sessions', { prompt })).body.session.id);
    }
    await d.api('POST', `/api/sessions/${ids[0]}/kill`, {});
    await d.api('POST', `/api/sessions/${ids[0]}/kill`, {}); // again: still one of two finished
    expect(receiver.requests).toHaveLength(0);
    await d.api('POST', `/api/sessions/${ids[1]}/kill`, {});
    const [sent] = await waitFor(
      () => (receiver.requests.length ? receiver.requests : null),
      'the notification',
    );
    expect(JSON.parse(sent?.body ?? '{}')).toMatchObject({ type: 'ao.notification', priority: 'info' });
    expect(sent?.body).toContain('2 session(s)');
    // Nothing more for the same set of sessions (a later event for a finished session changes nothing).
    await d.api('POST', `/api/sessions/${ids[1]}/kill`, {});
    await d.app.reactions.idle();
    expect(receiver.requests).toHaveLength(1);
  });
});
