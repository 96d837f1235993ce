import {
  busyLoopPrompt,
  exitText,
  expect,
  stopBusyLoop,
  test,
  waitForOutput,
  waitForSession,
} from './fixtures';
import { mcpCall } from './mcp-call';

test.describe('actions and their errors', () => {
  test('spawn errors show in the dialog; without an issue route the picker is hidden', async ({
    loggedIn: page,
  }) => {
    await page.getByTestId('open-spawn').click();
    const form = page.getByTestId('spawn-form');
    await form.getByRole('tab', { name: 'Issue' }).click();
    await expect(form.locator('input[name=issue]')).toBeVisible();
    await expect(form.getByTestId('issue-picker')).toHaveCount(0);
    await form.getByRole('tab', { name: 'Prompt' }).click();
    await form.locator('input[name=agent]').fill('no-such-agent');
    await form.locator('textarea[name=prompt]').fill('echo never');
    await form.getByTestId('spawn-submit').click();
    await expect(form.locator('[role=alert]')).toContainText('no-such-agent');
    await expect(form).toBeVisible();
    await expect(page.getByTestId('session-card')).toHaveCount(0);
  });

  test('killing with uncommitted work asks to force', async ({ loggedIn: page, daemon }) => {
    const s = await daemon.spawnSession('echo wip > wip.txt; echo wrote-$((5+5))');
    await waitForOutput(daemon, s.id, 'wrote-10');
    const card = page.locator(`[data-session-id="${s.id}"]`);
    await card.getByTestId('action-kill').click();
    const kill = page.getByTestId('kill-form');
    await kill.getByRole('checkbox').check();
    await kill.getByTestId('kill-confirm').click();
    await expect(kill.getByTestId('kill-force')).toBeVisible();
    await expect(kill.locator('[role=alert]').first()).not.toBeEmpty();
    await waitForSession(daemon, s.id, (x) => x.status === 'running');
    await kill.getByTestId('kill-force').click();
    await expect(kill).toBeHidden();
    await waitForSession(daemon, s.id, (x) => x.status === 'killed');
    await expect(page.getByTestId('lane-done').locator(`[data-session-id="${s.id}"]`)).toHaveCount(1);
  });

  test('a session that ends in Review: message it, title count, browser notifications only for a need', async ({
    page,
    daemon,
  }) => {
    await page.context().grantPermissions(['notifications'], { origin: daemon.url });
    await page.addInitScript(() => {
      const shown: string[] = [];
      (window as unknown as { __notified: string[] }).__notified = shown;
      class FakeNotification {
        static permission = 'granted';
        static requestPermission = async () => 'granted';
        onclick: (() => void) | null = null;
        constructor(title: string) {
          shown.push(title);
        }
      }
      (window as unknown as { Notification: unknown }).Notification = FakeNotification;
    });
    await page.goto(daemon.loginUrl);
    // The agent (bash) stays busy, so its card stays in Working, until the test ends its loop.
    const s = await daemon.spawnSession(busyLoopPrompt('needs'));
    const card = page.locator(`[data-session-id="${s.id}"]`);
    await expect(page.getByTestId('lane-working').locator(`[data-session-id="${s.id}"]`)).toHaveCount(1);
    await expect(page).toHaveTitle('ao');

    // Ask the agent to exit from the message dialog; bash reads it once its loop ends. It exits, and with no PR a
    // human must look.
    await card.getByTestId('action-send').click();
    const send = page.getByTestId('send-form');
    await send.getByLabel('Message').fill('exit 3');
    await send.getByRole('button', { name: 'Send' }).click();
    await expect(send.getByTestId('sent-message')).toHaveAttribute('data-state', 'sent');
    await expect(send.getByTestId('sent-message')).toContainText('ao cannot confirm');
    await send.getByRole('button', { name: 'Close' }).click();
    await expect(send).toBeHidden();
    stopBusyLoop(s);

    const inReview = page.getByTestId('lane-review').locator(`[data-session-id="${s.id}"]`);
    await expect(inReview).toHaveCount(1, { timeout: 60_000 });
    await waitForSession(daemon, s.id, (x) => x.status === 'exited');
    await expect(inReview.getByTestId('activity-badge')).toHaveText('exited');
    await expect(inReview.getByTestId('session-why')).toContainText(await exitText(daemon, s.id));
    // An agent that exited is in Review for a look, but is not the human's to decide (the orchestrator's first):
    // "needs you" holds only escalations, permission prompts past their grace time and PRs for your own review.
    await expect(page).toHaveTitle('ao');
    await expect(page.getByTestId('needs-you')).toHaveCount(0);
    // So it is not announced either; what starts to need the human is, once: here an escalation about it.
    const notified = () => page.evaluate(() => (window as unknown as { __notified: string[] }).__notified);
    expect(await notified()).toEqual([]);
    await mcpCall(daemon, 'escalate', { summary: 'It exited with code 3.', recommendation: 'Restore it.' });
    await expect(page.getByTestId('needs-you')).toHaveText('1 needs you');
    await expect.poll(notified).toEqual(['ao: the fleet asks for a decision']);
  });
});
