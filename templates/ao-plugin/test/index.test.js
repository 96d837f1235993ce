import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertAoPlugin, fakeContext } from '../ao-plugin-harness.js';
import plugin from '../index.js';

const packageJsonUrl = new URL('../package.json', import.meta.url);
const session = {
  sessionId: 'demo-1',
  projectId: 'demo',
  cwd: '/tmp',
  prompt: 'Fix the login test',
  sessionDir: '/tmp',
  hookUrl: 'http://127.0.0.1:3000/api/hooks/demo-1',
  hookSecret: 'secret',
  resume: null,
};

test('is a valid ao plugin: manifest, settings with their defaults, the agent methods', () => {
  const agent = assertAoPlugin(plugin, {
    packageJsonUrl,
    validSettings: {},
    invalidSettings: { command: [] },
  });
  assert.equal(agent.canResume, false);
});

test('refuses unknown settings (a typo in ao.config.yaml is reported, not ignored)', () => {
  assert.equal(plugin.configSchema.safeParse({ comand: ['x'] }).success, false);
});

test('types the first prompt after the preamble, into the configured program', async () => {
  const config = plugin.configSchema.parse({
    command: ['my-agent', '--fast'],
    preamble: 'Run the tests first.',
  });
  const agent = plugin.create(config, fakeContext());
  const plan = await agent.launch(session);
  assert.deepEqual(plan.command, ['my-agent', '--fast']);
  assert.deepEqual(plan.prompt, {
    mode: 'type',
    text: 'Run the tests first. Fix the login test',
    delayMs: 300,
  });
  assert.equal(plan.env.AO_SESSION_ID, 'demo-1');
});

test('says what is wrong when the program is missing', () => {
  const agent = plugin.create(plugin.configSchema.parse({}), fakeContext());
  assert.deepEqual(agent.diagnoseExit({ exitCode: 127, lastLines: [] }), {
    detail: 'bash was not found',
    fix: 'install bash',
  });
  assert.equal(agent.diagnoseExit({ exitCode: 0, lastLines: [] }), null);
});
