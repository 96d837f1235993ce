import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { OrchestratorStatus } from '@ao/shared/config-orchestrator';
import type { Session } from '@ao/shared/session';
import { makeProject, type ProjectFixture, READ_MESSAGES, waitFor } from '@ao/testkit';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

/** A local receiver of the webhook notifier: what ao told the human. */
export interface HumanInbox {
  url: string;
  received: Array<{ title: string; body: string; sessionId?: string | null }>;
  close(): Promise<void>;
}

export async function startHumanInbox(): Promise<HumanInbox> {
  const received: HumanInbox['received'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface GenericFleet {
  d: TestDaemon;
  p: ProjectFixture;
  /** The file the orchestrator (the generic message reader) appends each message it receives to. */
  orchestratorInbox: string;
  human: HumanInbox;
  status(): Promise<OrchestratorStatus>;
  get(id: string): Promise<Session>;
  spawnWorker(prompt: string): Promise<Session>;
  close(): Promise<void>;
}

/**
 * A real daemon, a project whose workers are idle generic agents and whose orchestrator is the generic message reader
 * (it records every message typed into its terminal), notifications to a local webhook receiver (the human).
 */
export async function startGenericFleet(
  orchestrator: Record<string, unknown>,
  daemon: { orchestratorTickMs?: number } = {},
): Promise<GenericFleet> {
  const human = await startHumanInbox();
  let inbox = '';
  const p = await makeProject('orch', ({ scratch }) => {
    inbox = join(scratch, 'orchestrator-messages.jsonl');
    return {
      agent: 'generic',
      agents: { generic: { command: ['sleep', '3600'], prompt: 'none' } },
      notifiers: {
        webhook: { url: human.url, secret: 'a-secret-of-16-chars!' },
        routing: { urgent: ['webhook'], action: ['webhook'] },
      },
      orchestrator: {
        enabled: true,
        agent: 'generic',
        agentSettings: { command: [process.execPath, READ_MESSAGES, inbox], prompt: 'none' },
        ...orchestrator,
      },
    };
  });
  const d = await startTestDaemon(daemon);
  const added = await d.api('POST', '/api/projects', { configPath: p.configPath });
  if (added.status !== 201) throw new Error(`project: ${JSON.stringify(added.body)}`);
  const status = async () =>
    (await d.api<{ orchestrators: OrchestratorStatus[] }>('GET', '/api/orchestrator')).body
      .orchestrators[0] as OrchestratorStatus;
  const get = async (id: string) =>
    (await d.api<{ session: Session }>('GET', `/api/sessions/${id}`)).body.session;
  await waitFor(async () => (await status())?.sessionId, 'the orchestrator session created');
  return {
    d,
    p,
    orchestratorInbox: inbox,
    human,
    status,
    get,
    async spawnWorker(prompt) {
      const res = await d.api<{ session: Session }>('POST', '/api/sessions', { prompt });
      if (res.status !== 201) throw new Error(`spawn: ${JSON.stringify(res.body)}`);
      return res.body.session;
    },
    async close() {
      await d.stop();
      await human.close();
      p.cleanup();
    },
  };
}
