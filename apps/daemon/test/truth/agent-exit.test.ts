import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import { makeProject, type ProjectFixture, waitFor } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ao } from '../helpers/cli';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

/**
 * An agent that ends by itself at once, the way an agent CLI that cannot reach its service does: it is `exited` (not
 * "runtime lost") with its exit code and the last lines it printed, in the API, on `ao status` and in the lane.
 */
describe('an agent that exits by itself (real tmux, real CLI)', () => {
  let d: TestDaemon;
  let p: ProjectFixture;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ao-quits-'));
    const script = join(dir, 'quits.mjs');
    writeFileSync(
      script,
      "console.log('starting up');\nconsole.error('Unable to connect to the agent service: check your internet connection');\nprocess.exit(3);\n",
    );
    p = await makeProject('quits', {
      agents: { generic: { command: [process.execPath, script], prompt: 'type', typeDelayMs: 300 } },
    });
    d = await startTestDaemon();
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
  });
  afterAll(async () => {
    await d.stop();
    p.cleanup();
  });

  it('is exited with its exit code and last lines, in Review, and `ao status` says why', async () => {
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', { prompt: 'do the thing' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.session.id;
    const s = await waitFor(async () => {
      const now = (await d.api<{ session: Session }>('GET', `/api/sessions/${id}`)).body.session;
      return now.status === 'exited' ? now : null;
    }, 'the session exited');
    expect(s.activity).toBe('exited');
    expect(s.lane).toBe('review');
    expect(s.exit).toMatchObject({ code: 3, signal: null });
    expect(s.exit?.lastLines.join('\n')).toContain('Unable to connect to the agent service');
    expect(s.statusReason).toMatch(/generic exited with code 3: Unable to connect to the agent service/);
    const { stdout } = await ao(d.dataDir, ['status']);
    expect(stdout).toMatch(new RegExp(`${id}: generic exited with code 3: Unable to connect`));
    // The first prompt never reached it: recorded, not lost.
    const messages = await waitFor(async () => {
      const out = (await ao(d.dataDir, ['messages', id])).stdout;
      return /#\d+ prompt (failed|dropped)/.test(out) ? out : null;
    }, 'the first prompt recorded as not taken');
    expect(messages).toContain('do the thing');
  });
});
