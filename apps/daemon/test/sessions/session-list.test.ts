import type { Session } from '@ao/shared/session';
import { idleGenericAgent, makeProject, type ProjectFixture } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

/** `GET /api/sessions` is served from a view kept between writes: every write must show at once. */
describe('GET /api/sessions', () => {
  let d: TestDaemon;
  let p: ProjectFixture;
  const list = async (query = '') =>
    (await d.api<{ sessions: Session[] }>('GET', `/api/sessions${query}`)).body.sessions;

  beforeAll(async () => {
    p = await makeProject('listed', idleGenericAgent());
    d = await startTestDaemon();
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
  });
  afterAll(async () => {
    await d.stop();
    p.cleanup();
  });

  it('shows a new session, every change to it, and a kill, as soon as they are made', async () => {
    expect(await list()).toEqual([]);
    const { body } = await d.api<{ session: Session }>('POST', '/api/sessions', { prompt: 'one' });
    const id = body.session.id;
    expect((await list()).map((s) => [s.id, s.status])).toEqual([[id, 'running']]);
    d.app.sessions.update(id, { title: 'renamed' });
    expect((await list())[0]?.title).toBe('renamed');
    expect((await list('?project=listed'))[0]?.title).toBe('renamed');
    expect(await list('?project=other')).toEqual([]);
    const second = (await d.api<{ session: Session }>('POST', '/api/sessions', { prompt: 'two' })).body
      .session;
    expect((await list()).map((s) => s.id)).toEqual([id, second.id]);
    await d.api('POST', `/api/sessions/${id}/kill`, {});
    expect((await list()).find((s) => s.id === id)?.status).toBe('killed');
  });
});
