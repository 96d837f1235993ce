import type { Session } from '@ao/shared/session';
import {
  type MockTurn,
  makeProject,
  type OpenAiResponsesMock,
  type ProjectFixture,
  startOpenAiResponsesMock,
} from '@ao/testkit';
import { makeCodexHome } from '../agent-codex/harness';
import { CODEX_BIN } from '../helpers/agent-bins';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';
import { EventStream, killTmuxServer } from './e2e-helpers';

/** The real Codex CLI behind a running daemon: the model mock, a CODEX_HOME pointing at it, a project, the events. */
export interface CodexDaemon {
  mock: OpenAiResponsesMock;
  project: ProjectFixture;
  d: TestDaemon;
  events: EventStream;
  /** Kills every running session, ao's tmux server, the daemon and the mock, and removes the folders. */
  stop(): Promise<void>;
}

export async function startCodexDaemon(opts: {
  projectId: string;
  permissions: 'default' | 'skip';
  /** The fake API key the agent's env carries (the mock accepts any). */
  key: string;
  script: (req: { body: unknown }) => MockTurn;
}): Promise<CodexDaemon> {
  const mock = await startOpenAiResponsesMock({ script: opts.script, eventDelayMs: 5 });
  const home = makeCodexHome(mock.baseUrl);
  const project = await makeProject(opts.projectId, {
    agent: 'codex',
    agents: {
      codex: {
        binary: CODEX_BIN,
        permissions: opts.permissions,
        home: home.home,
        env: { AO_TEST_MOCK_KEY: opts.key },
      },
    },
  });
  const d = await startTestDaemon();
  const res = await d.api('POST', '/api/projects', { configPath: project.configPath });
  if (res.status !== 201)
    throw new Error(`registering the project: ${res.status} ${JSON.stringify(res.body)}`);
  const events = new EventStream(d.url, d.token);
  const stop = async () => {
    for (const s of (await d.api<{ sessions: Session[] }>('GET', '/api/sessions')).body.sessions) {
      if (s.status === 'running') await d.api('POST', `/api/sessions/${s.id}/kill`, {});
    }
    await killTmuxServer(d.dataDir);
    await events.close();
    await d.stop();
    await mock.close();
    home.cleanup();
    project.cleanup();
  };
  return { mock, project, d, events, stop };
}
