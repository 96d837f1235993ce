import { freePort, makeProject, startFakeTelegram, waitFor } from '@ao/testkit';
import { describe, expect, it } from 'vitest';
import { startTestDaemon } from '../helpers/daemon';

describe('chat-ops when the chat service is unreachable or refuses the token', () => {
  it('keeps the daemon answering and lets it stop at once', async () => {
    const dead = await freePort();
    const telegram = await startFakeTelegram();
    const p = await makeProject('demo', {
      chatops: {
        slack: {
          enabled: true,
          appToken: 'xapp-1-A0-unreachable',
          botToken: 'xoxb-unreachable',
          apiUrl: `http://127.0.0.1:${dead}/api/`,
          allowUsers: ['U0ALICE'],
        },
        telegram: { enabled: true, token: '1:wrong', apiRoot: telegram.apiRoot, allowUsers: [1] },
      },
    });
    const d = await startTestDaemon();
    try {
      expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
      // Telegram answered 401 to the wrong token: the bot gave up (no long poll) and the daemon still answers.
      await waitFor(() => telegram.unauthorized() > 0, 'the bot to try its token');
      expect(telegram.calls).toEqual([]);
      expect(telegram.polling()).toBe(0);
      expect((await d.api('GET', '/api/sessions')).status).toBe(200);
    } finally {
      const started = Date.now();
      await d.stop();
      expect(Date.now() - started).toBeLessThan(10_000);
      await telegram.close();
      p.cleanup();
    }
  });
});
