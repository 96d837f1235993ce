import { busyLoopPrompt, expect, stopBusyLoop, test, waitForOutput } from './fixtures';

test.describe('dialogs opened from a card', () => {
  test('the message dialog survives its card moving lanes, keeps the typed text, and sends', async ({
    loggedIn: page,
    daemon,
  }) => {
    const s = await daemon.spawnSession(busyLoopPrompt('mover'));
    const working = page.getByTestId('lane-working').locator(`[data-session-id="${s.id}"]`);
    await expect(working).toHaveCount(1);
    await working.getByTestId('action-send').click();
    const send = page.getByTestId('send-form');
    await send.getByLabel('Message').fill('echo after-move-$((6*7))');

    // The loop ends, the screen goes quiet: the session is idle with no PR, so its card moves to Review.
    stopBusyLoop(s);
    await waitForOutput(daemon, s.id, 'mover-done-7');
    await expect(page.getByTestId('lane-review').locator(`[data-session-id="${s.id}"]`)).toHaveCount(1, {
      timeout: 60_000,
    });

    await expect(send).toBeVisible();
    await expect(send.getByLabel('Message')).toHaveValue('echo after-move-$((6*7))');
    await send.getByRole('button', { name: 'Send' }).click();
    await waitForOutput(daemon, s.id, 'after-move-42');
  });
});
