import type { Session } from '@ao/shared/session';
import {
  type FakeSlack,
  type FakeTelegram,
  makeProject,
  type ProjectFixture,
  startFakeSlack,
  startFakeTelegram,
  waitFor,
  withDb,
} from '@ao/testkit';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

export const ALICE_SLACK = 'U0ALICE';
export const ALICE_DM = 'D0ALICE';
export const OPS_CHANNEL = 'C0OPS';
export const ALICE_TELEGRAM = 4242;
export const CONFIRM_SEC = 3;

export interface ChatFleet {
  d: TestDaemon;
  p: ProjectFixture;
  slack: FakeSlack;
  telegram: FakeTelegram;
  /** A live session: the scripted agent (read-messages.mjs) in real tmux, past its first prompt. */
  session: Session;
  close(): Promise<void>;
}

/** The `chatops.command` events logged so far, oldest first. */
export function chatEvents(d: TestDaemon): Array<Record<string, unknown>> {
  return withDb(d.dataDir, (db) =>
    db.prepare("SELECT data FROM events WHERE type = 'chatops.command' ORDER BY id").all(),
  ).map((r) => JSON.parse((r as { data: string }).data) as Record<string, unknown>);
}

/**
 * A real daemon whose project enables chat-ops on a fake Slack (Socket Mode) and a fake Telegram (long polling),
 * tokens given as `${VAR}` and expanded from the daemon's environment, with one live scripted session.
 */
export async function startChatFleet(): Promise<ChatFleet> {
  const slack = await startFakeSlack();
  const telegram = await startFakeTelegram();
  const p = await makeProject('demo', {
    chatops: {
      confirmTimeoutSec: CONFIRM_SEC,
      slack: {
        enabled: true,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the config syntax under test
        appToken: '${SLACK_APP_TOKEN}',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the config syntax under test
        botToken: '${SLACK_BOT_TOKEN}',
        apiUrl: slack.apiUrl,
        allowUsers: [ALICE_SLACK],
        allowChannels: [OPS_CHANNEL],
      },
      telegram: {
        enabled: true,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the config syntax under test
        token: '${TELEGRAM_BOT_TOKEN}',
        apiRoot: telegram.apiRoot,
        allowUsers: [ALICE_TELEGRAM],
      },
    },
  });
  const d = await startTestDaemon({
    env: {
      SLACK_APP_TOKEN: slack.appToken,
      SLACK_BOT_TOKEN: slack.botToken,
      TELEGRAM_BOT_TOKEN: telegram.token,
    },
  });
  const added = await d.api('POST', '/api/projects', { configPath: p.configPath });
  if (added.status !== 201) throw new Error(`project: ${JSON.stringify(added.body)}`);
  const res = await d.api<{ session: Session }>('POST', '/api/sessions', {
    prompt: 'Fix the login redirect',
  });
  if (res.status !== 201) throw new Error(`spawn: ${JSON.stringify(res.body)}`);
  const session = await waitFor(async () => {
    const s = (await d.api<{ session: Session }>('GET', `/api/sessions/${res.body.session.id}`)).body.session;
    return s.activity !== 'starting' ? s : null;
  }, 'the agent past its first prompt');
  await waitFor(() => slack.connections() === 1, 'the Slack Socket Mode connection');
  await waitFor(() => telegram.polling() > 0, 'the Telegram long poll');
  return {
    d,
    p,
    slack,
    telegram,
    session,
    async close() {
      await d.stop();
      await slack.close();
      await telegram.close();
      p.cleanup();
    },
  };
}
