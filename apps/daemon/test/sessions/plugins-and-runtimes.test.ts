import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import { makeProject, type ProjectFixture, READ_MESSAGES, readMessages, waitFor } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

// A plugin module outside ao, loaded from a path given in the config: it shapes the prompt before the agent sees it.
const PLUGIN = `
import { z } from 'zod';
export default {
  manifest: { name: 'shouty', slot: 'agent', description: 'test plugin from a path' },
  configSchema: z.object({ command: z.array(z.string()) }).strict(),
  create(config) {
    return {
      canResume: false,
      async launch(ctx) {
        return {
          command: config.command,
          env: {},
          prompt: { mode: 'type', text: (ctx.prompt ?? '').toUpperCase(), delayMs: 300 },
          agentSessionId: null,
          model: null,
        };
      },
    };
  },
};
`;

describe('plugins from a path, and the process runtime, through the daemon', () => {
  let d: TestDaemon;
  let p: ProjectFixture;
  beforeAll(async () => {
    p = await makeProject('plug');
    // The plugin imports zod: put it where node resolves the repo's node_modules.
    const pluginPath = join(new URL('../fixtures', import.meta.url).pathname, 'shouty-plugin.mjs');
    writeFileSync(pluginPath, PLUGIN);
    writeFileSync(
      p.configPath,
      stringify({
        project: { id: 'plug', name: 'Plug', defaultBranch: 'main' },
        agent: 'shouty',
        runtime: 'tmux',
        plugins: [pluginPath],
        agents: {
          shouty: { command: [process.execPath, READ_MESSAGES, p.messagesFile] },
          generic: {
            command: [process.execPath, READ_MESSAGES, p.messagesFile],
            prompt: 'type',
            typeDelayMs: 300,
          },
        },
      }),
    );
    d = await startTestDaemon();
    const res = await d.api('POST', '/api/projects', { configPath: p.configPath });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await d.stop();
    p.cleanup();
  });

  it('runs an agent plugin loaded from the path in `plugins:`', async () => {
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', { prompt: 'quiet words' });
    expect(res.status).toBe(201);
    expect(res.body.session.agent).toBe('shouty');
    await waitFor(() => readMessages(p.messagesFile).includes('QUIET WORDS'), 'plugin-shaped prompt');
  });

  it('runs a session in the process runtime (node-pty in the daemon) when asked per session', async () => {
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', {
      prompt: 'in a pty',
      runtime: 'process',
      agent: 'generic',
    });
    expect(res.status).toBe(201);
    const s = res.body.session;
    expect(s.runtime).toBe('process');
    await waitFor(() => readMessages(p.messagesFile).includes('in a pty'), 'prompt through the pty');
    const sent = await d.api<{ delivery: { state: string } }>('POST', `/api/sessions/${s.id}/send`, {
      message: 'more',
    });
    expect(sent.status).toBe(200);
    await waitFor(() => readMessages(p.messagesFile).includes('more'), 'message through the pty');
    const out = await d.api<{ text: string }>('GET', `/api/sessions/${s.id}/output`);
    expect(out.body.text).toContain('READY');
    const killed = await d.api<{ session: Session }>('POST', `/api/sessions/${s.id}/kill`, {});
    expect(killed.body.session.status).toBe('killed');
  });

  it('lists the known plugins when a session asks for an unknown one', async () => {
    const res = await d.api<{ error: { message: string } }>('POST', '/api/sessions', {
      prompt: 'x',
      agent: 'nope',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/unknown agent plugin "nope"; known: .*shouty/);
  });
});
