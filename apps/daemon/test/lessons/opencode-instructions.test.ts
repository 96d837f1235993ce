import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OpenAiResponsesMock, startOpenAiResponsesMock } from '@ao/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { agentOpencode } from '../../src/plugins/agent-opencode';
import { exec } from '../../src/util/exec';
import { OPENCODE_BIN } from '../helpers/agent-bins';

/**
 * The real OpenCode CLI given ao's system-prompt text by the plugin's launch (a 0600 file in the session dir named in
 * `OPENCODE_CONFIG_CONTENT`'s `instructions`, the user's own content kept): the text reaches the model's request.
 * `opencode run` with the plan's environment, its `openai` provider pointed at the local Responses mock.
 */
describe.skipIf(process.env.AO_TEST_OPENCODE === '0')('opencode: lessons through its instructions', () => {
  const root = mkdtempSync(join(tmpdir(), 'ao-oc-lessons-'));
  let mock: OpenAiResponsesMock | null = null;
  afterAll(async () => {
    await mock?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("reaches the request's system text; the user's OPENCODE_CONFIG_CONTENT is kept", async () => {
    mock = await startOpenAiResponsesMock({ script: () => ({ kind: 'message', text: 'ok' }) });
    const [home, sessionDir, cwd] = ['home', 'session', 'work'].map((d) => join(root, d)) as [
      string,
      string,
      string,
    ];
    for (const d of [home, sessionDir, cwd]) mkdirSync(d, { recursive: true });
    // The user's own config content: the provider pointed at the mock (it must survive ao's addition).
    const own = {
      provider: { openai: { options: { baseURL: mock.baseUrl, apiKey: 'x' } } },
      model: 'openai/gpt-5',
    };
    const agent = agentOpencode.create(
      agentOpencode.configSchema.parse({
        binary: OPENCODE_BIN,
        env: {
          HOME: home,
          XDG_CONFIG_HOME: join(home, 'config'),
          XDG_DATA_HOME: join(home, 'data'),
          XDG_STATE_HOME: join(home, 'state'),
          XDG_CACHE_HOME: join(home, 'cache'),
          OPENCODE_DISABLE_AUTOUPDATE: '1',
          OPENCODE_DISABLE_MODELS_FETCH: '1',
          OPENCODE_CONFIG_CONTENT: JSON.stringify(own),
        },
      }),
    );
    const plan = await agent.launch({
      sessionId: 'oc-1',
      projectId: 'demo',
      cwd,
      prompt: null,
      sessionDir,
      hookUrl: 'http://127.0.0.1:1/unused',
      hookSecret: 'unused',
      resume: null,
      systemPrompt: 'Lessons:\n1. LESSON-OC run the lint check before pushing',
    });
    const file = join(sessionDir, 'opencode-instructions.md');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(plan.command.join(' ')).not.toContain('LESSON-OC');
    const { stdout } = await exec(OPENCODE_BIN, ['run', 'hello'], {
      cwd,
      env: { ...process.env, ...plan.env },
      input: '',
      timeoutMs: 120_000,
    });
    expect(stdout).toContain('ok');
    const bodies = mock.responseRequests().map((r) => JSON.stringify(r.body));
    expect(bodies.some((b) => b.includes('LESSON-OC run the lint check before pushing'))).toBe(true);
  }, 150_000);
});
