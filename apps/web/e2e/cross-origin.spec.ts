import { attackerHtml, serveAttacker } from './attacker-page';
import { expect, test, waitForOutput, waitForSession } from './fixtures';

interface Results {
  read: string;
  restore: string;
  kill: string;
  wsOpened?: boolean;
  wsMessages: number;
  wsClose?: number;
  wsTimeout?: boolean;
}

test.describe('another origin', () => {
  test('cannot read the API, change sessions, or open a terminal, even with the cookie', async ({
    loggedIn: page,
    daemon,
  }) => {
    const running = await daemon.spawnSession('echo running-$((1+1))');
    const killed = await daemon.spawnSession('echo killed-$((1+2))');
    await waitForOutput(daemon, running.id, 'running-2');
    await waitForOutput(daemon, killed.id, 'killed-3');
    expect((await daemon.api('POST', `/api/sessions/${killed.id}/kill`, {})).status).toBe(200);

    const attacker = await serveAttacker(attackerHtml(daemon.url, running.id, killed.id));
    try {
      const evil = await page.context().newPage();
      await evil.goto(attacker.url);
      await evil.waitForFunction(() => (window as { __results?: unknown }).__results !== undefined, null, {
        timeout: 30_000,
      });
      const r = (await evil.evaluate(
        () => (window as unknown as { __results: unknown }).__results,
      )) as Results;
      expect(r.read).toBe('blocked');
      expect(r.wsMessages).toBe(0);
      expect(r.wsOpened ?? false).toBe(false);

      // Give the daemon time to act on the requests had it accepted them, then check nothing changed.
      const out = await daemon.api<{ text: string }>('GET', `/api/sessions/${running.id}/output?lines=200`);
      expect(out.body.text).not.toContain('pwned-ws-2');
      await waitForSession(daemon, running.id, (s) => s.status === 'running');
      await waitForSession(daemon, killed.id, (s) => s.status === 'killed');

      // Control: the very same body-less POST from the dashboard's own origin works, so the refusal above was the
      // daemon's Origin check, not a malformed request.
      const status = await page.evaluate(async (id) => {
        const res = await fetch(`/api/sessions/${id}/kill`, { method: 'POST', credentials: 'same-origin' });
        return res.status;
      }, running.id);
      expect(status).toBe(200);
      await waitForSession(daemon, running.id, (s) => s.status === 'killed');
    } finally {
      await attacker.close();
    }
  });
});
