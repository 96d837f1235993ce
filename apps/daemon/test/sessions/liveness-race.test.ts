import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import { makeProject, type ProjectFixture } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../../src/util/exec';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

describe('liveness check racing a kill', () => {
  let d: TestDaemon;
  let p: ProjectFixture;
  beforeAll(async () => {
    p = await makeProject('race');
    d = await startTestDaemon();
    await d.api('POST', '/api/projects', { configPath: p.configPath });
  });
  afterAll(async () => {
    await d.stop();
    p.cleanup();
  });

  it('never turns a session killed while the check was under way into "runtime lost"', async () => {
    const { id } = (await d.api<{ session: Session }>('POST', '/api/sessions', { prompt: 'x' })).body.session;
    await exec('tmux', ['-S', join(d.dataDir, 'tmux.sock'), 'kill-session', '-t', `=${id}`]);
    const [runtime] = d.app.registry.created('runtime');
    if (!runtime) throw new Error('no runtime instance');
    const check = d.app.sessions.checkRuntime(runtime); // asks tmux: the session is gone
    d.app.sessions.update(id, { status: 'killed', statusReason: 'killed by the user' }); // meanwhile, a kill lands
    await check;
    expect(d.app.sessions.get(id).status).toBe('killed');
  });
});
