import type { Session } from '@ao/shared/session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../../test/helpers/daemon';
import { makeProject, type ProjectFixture } from '../../test/helpers/project';
import { applyObservation } from './apply-observation';

describe('applyObservation: which signal wins', () => {
  let d: TestDaemon;
  let p: ProjectFixture;
  let id: string;
  const session = () => d.services.store.get(id);
  const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

  beforeAll(async () => {
    p = await makeProject('obs');
    d = await startTestDaemon();
    await d.api('POST', '/api/projects', { configPath: p.configPath });
    id = (await d.api<{ session: Session }>('POST', '/api/sessions', { prompt: 'x' })).body.session.id;
    d.services.watchers.get(id)?.close(); // this test plays the agent's signals itself
  });
  afterAll(async () => {
    await d.stop();
    p.cleanup();
  });

  it("lets any agent signal replace ao's own spawn evidence, even a low-confidence one", () => {
    expect(session().evidence?.source).toBe('spawn');
    applyObservation(d.services, id, {
      signal: { activity: 'idle', source: 'screen', detail: 'stable', confidence: 'low', at: at(0) },
    });
    expect(session()).toMatchObject({ activity: 'idle', evidence: { source: 'screen' } });
  });

  it('keeps fresh high-confidence evidence over a contradicting low-confidence signal', () => {
    applyObservation(d.services, id, {
      signal: {
        activity: 'waiting_input',
        source: 'hook:Notification',
        detail: 'permission',
        confidence: 'high',
        at: at(1),
      },
    });
    applyObservation(d.services, id, {
      signal: { activity: 'working', source: 'screen', detail: 'changing', confidence: 'low', at: at(2) },
    });
    expect(session()).toMatchObject({ activity: 'waiting_input', evidence: { source: 'hook:Notification' } });
  });

  it('drops a signal older than the evidence in force (a late line after the agent ended)', () => {
    applyObservation(d.services, id, {
      signal: {
        activity: 'exited',
        source: 'hook:SessionEnd',
        detail: 'bye',
        confidence: 'high',
        at: at(10),
      },
    });
    applyObservation(d.services, id, {
      signal: {
        activity: 'idle',
        source: 'transcript',
        detail: 'turn done',
        confidence: 'medium',
        at: at(5),
      },
    });
    expect(session().activity).toBe('exited');
  });
});
