import { killTmuxServer } from '@ao/testkit';
import { exitText, expect, test, waitForOutput, waitForSession } from './fixtures';

test.describe('what the board says about a session', () => {
  test('an agent that exited: its code and last line on the card, the exit and last lines on its page', async ({
    loggedIn: page,
    daemon,
  }) => {
    const s = await daemon.spawnSession('echo last-words-$((6*7)); exit 4');
    await waitForSession(daemon, s.id, (x) => x.status === 'exited');
    const card = page.getByTestId('lane-review').locator(`[data-session-id="${s.id}"]`);
    await expect(card.getByTestId('activity-badge')).toHaveText('exited');
    const said = await exitText(daemon, s.id); // "exited with code 4" (see exitText for when it is not)
    await expect(card.getByTestId('session-why')).toContainText(said);
    await expect(card.getByTestId('action-restore')).toBeVisible();
    await expect(card.getByTestId('action-send')).toHaveCount(0);

    await card.getByRole('link').first().click();
    const exit = page.getByTestId('exit-panel');
    await expect(exit.getByTestId('exit-summary')).toHaveText(`generic ${said}`);
    await expect(exit.getByTestId('exit-lines')).toContainText('last-words-42');
    // The first prompt is listed with its state: the generic agent cannot confirm it, so `sent`.
    await expect(page.getByTestId('messages').getByTestId('message').first()).toHaveAttribute(
      'data-state',
      'sent',
    );
  });

  test('messages sent from the detail page are listed live with their state', async ({
    loggedIn: page,
    daemon,
  }) => {
    const s = await daemon.spawnSession('echo ready-$((1+1))');
    await waitForOutput(daemon, s.id, 'ready-2');
    await page.goto(`${daemon.url}/session/?id=${s.id}`);
    const list = page.getByTestId('messages').getByTestId('message');
    await expect(list).toHaveCount(1);
    await page.getByTestId('action-send').click();
    const send = page.getByTestId('send-form');
    await send.getByLabel('Message').fill('echo hello-$((2+3))');
    await send.getByRole('button', { name: 'Send' }).click();
    await expect(send.getByTestId('sent-message')).toHaveAttribute('data-state', 'sent');
    await page.keyboard.press('Escape');
    await expect(send).toBeHidden();
    await expect(list).toHaveCount(2);
    await expect(list.first()).toContainText('echo hello-$((2+3))');
    await waitForOutput(daemon, s.id, 'hello-5');
  });

  test('after a restart that lost the runtime, a banner names the sessions brought back', async ({
    loggedIn: page,
    daemon,
  }) => {
    const a = await daemon.spawnSession('echo one-$((1+0))');
    const b = await daemon.spawnSession('echo two-$((1+1))');
    await waitForOutput(daemon, a.id, 'one-1');
    await waitForOutput(daemon, b.id, 'two-2');
    await expect(page.getByTestId('recovered-banner')).toHaveCount(0);

    // What a reboot does: the daemon and ao's tmux server (with every agent) are gone.
    await daemon.stop();
    await killTmuxServer(daemon.dataDir);
    await daemon.restart();

    const banner = page.getByTestId('recovered-banner');
    await expect(banner).toContainText('2 sessions were brought back after a restart', { timeout: 60_000 });
    await expect(banner).toContainText(a.id);
    await expect(banner).toContainText(b.id);
    await waitForSession(daemon, a.id, (x) => x.status === 'running');
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await expect(banner).toHaveCount(0);
  });
});
