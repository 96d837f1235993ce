import type { Escalation } from '@ao/shared/events-mcp';
import type { Daemon } from './daemon';
import { expect, test, waitForOutput } from './fixtures';
import { mcpCall } from './mcp-call';

const escalation = async (daemon: Daemon, id: number) =>
  (
    await daemon.api<{ escalations: Escalation[] }>('GET', '/api/escalations?state=all')
  ).body.escalations.find((e) => e.id === id);

test.describe('escalations and the briefing', () => {
  test('an escalation shows in Review; Accept carries out its action and it leaves the list', async ({
    loggedIn: page,
    daemon,
  }) => {
    const s = await daemon.spawnSession('echo ready-$((2+3))');
    await waitForOutput(daemon, s.id, 'ready-5');
    const { escalation: created } = (await mcpCall(daemon, 'escalate', {
      summary: 'The agent finished but never ran the tests. <b>not bold</b>',
      recommendation: 'Tell it to run the tests.',
      action: { kind: 'send_message', session: s.id, text: 'echo accepted-$((6*7))' },
    })) as { escalation: { id: number } };

    const review = page.getByTestId('lane-review');
    const card = review.locator(`[data-escalation-id="${created.id}"]`);
    await expect(card.getByTestId('escalation-summary')).toHaveText(
      'The agent finished but never ran the tests. <b>not bold</b>',
    );
    await expect(card.locator('b')).toHaveCount(0);
    await expect(card.getByTestId('escalation-recommendation')).toContainText('Tell it to run the tests.');
    await expect(card.getByTestId('escalation-action')).toContainText(`send ${s.id}`);
    await expect(page.locator(`[data-session-id="${s.id}"]`).getByTestId('escalation-badge')).toBeVisible();
    // The idle agent without a PR is not the human's; the escalation is.
    await expect(page.getByTestId('needs-you')).toHaveText('1 needs you');
    await expect(page).toHaveTitle('(1) ao');

    await card.getByTestId('escalation-accept').click();
    await expect(card).toHaveCount(0);
    await expect(page.getByTestId('needs-you')).toHaveCount(0);
    await expect(page.locator(`[data-session-id="${s.id}"]`).getByTestId('escalation-badge')).toHaveCount(0);
    await waitForOutput(daemon, s.id, 'accepted-42');
    expect((await escalation(daemon, created.id))?.resolution).toMatchObject({
      decision: 'accept',
      resolvedBy: 'dashboard',
    });

    // Answer: a text box, and the answer is stored; the escalation leaves the list for every viewer (SSE).
    const other = await page.context().newPage();
    await other.goto(daemon.url);
    const { escalation: asked } = (await mcpCall(daemon, 'escalate', {
      summary: 'Two designs for the flag.',
      recommendation: 'Use --json.',
    })) as { escalation: { id: number } };
    const second = review.locator(`[data-escalation-id="${asked.id}"]`);
    await expect(other.locator(`[data-escalation-id="${asked.id}"]`)).toBeVisible();
    await second.getByTestId('escalation-answer').click();
    await second.getByTestId('escalation-answer-text').fill('Use --format json instead');
    await second.getByTestId('escalation-answer-send').click();
    await expect(second).toHaveCount(0);
    await expect(other.locator(`[data-escalation-id="${asked.id}"]`)).toHaveCount(0);
    expect((await escalation(daemon, asked.id))?.resolution).toMatchObject({
      decision: 'answer',
      text: 'Use --format json instead',
    });
    await other.close();
  });

  test('the briefing panel shows the published briefing as plain text, live', async ({
    loggedIn: page,
    daemon,
  }) => {
    await expect(page.getByTestId('briefing-panel')).toHaveCount(0);
    const text =
      '1. Merge demo-2 first.\n<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    await mcpCall(daemon, 'publish_briefing', { text, project: 'demo' });
    const panel = page.getByTestId('briefing-panel');
    const shown = panel.locator('[data-project="demo"]').getByTestId('briefing-text');
    await expect(shown).toHaveText(text);
    await expect(panel.locator('img, script')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect(panel.locator('[data-project="demo"] time')).toHaveText(/just now|\ds ago/);

    await mcpCall(daemon, 'publish_briefing', { text: 'All quiet.', project: 'demo' });
    await expect(shown).toHaveText('All quiet.');
    await panel.getByTestId('briefing-toggle').click();
    await expect(shown).toHaveCount(0);
  });
});
