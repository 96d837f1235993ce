import { expect, test } from './fixtures';
import { mcpCall } from './mcp-call';

test.describe('the orchestrator on the board', () => {
  test('its card sits above the lanes; a question asked there gets its answer on the page', async ({
    loggedIn: page,
    daemon,
  }) => {
    // The orchestrator here is `cat`: it shows whatever ao types into it (the digests).
    await daemon.addProject('orch', {
      agent: 'generic',
      agents: { generic: { command: ['sleep', '3600'], prompt: 'none' } },
      orchestrator: { enabled: true, agent: 'generic', agentSettings: { command: ['cat'], prompt: 'none' } },
    });
    const card = page.getByTestId('orchestrator-card');
    await expect(card).toBeVisible();
    await expect(card.getByRole('link', { name: 'live terminal →' })).toBeVisible();
    // Above the lanes, and not in any of them.
    const cardBox = await card.boundingBox();
    const laneBox = await page.getByTestId('lane-working').boundingBox();
    expect(cardBox && laneBox && cardBox.y < laneBox.y).toBe(true);
    const id = await card.getAttribute('data-session-id');
    await expect(page.locator(`[data-testid^=lane-] [data-session-id="${id}"]`)).toHaveCount(0);

    await card.getByLabel('Ask the orchestrator').fill('Which PR first? <img src=x onerror=alert(1)>');
    await card.getByRole('button', { name: 'Ask' }).click();
    const answer = card.getByTestId('orchestrator-answer');
    await expect(answer).toContainText("Waiting for the orchestrator's answer");
    const qid = Number(await answer.getAttribute('data-question-id'));
    expect(qid).toBeGreaterThan(0);
    const q = (await mcpCall(daemon, 'get_question', { id: qid })) as { from: string; text: string };
    expect(q).toMatchObject({ from: 'dashboard', text: 'Which PR first? <img src=x onerror=alert(1)>' });
    // A first part shows at once, with a note that more follows; the last part completes it.
    await mcpCall(daemon, 'answer_human', { id: qid, text: 'orch-2 first,', final: false });
    await expect(answer.locator('pre')).toHaveText('orch-2 first,');
    await expect(answer.getByTestId('answer-more')).toBeVisible();
    await mcpCall(daemon, 'answer_human', { id: qid, text: 'then <b>the rest</b>' });
    await expect(answer.locator('pre')).toHaveText('orch-2 first,\nthen <b>the rest</b>');
    await expect(answer.getByTestId('answer-more')).toHaveCount(0);
    await expect(answer.locator('b, img')).toHaveCount(0);
  });
});
