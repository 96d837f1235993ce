import { conflict } from '@ao/shared/errors';
import type { Session } from '@ao/shared/session';
import type { SessionContext } from './context';
import { pluginsOf } from './session-plugins';
import { handleOf } from './session-row';

/**
 * Answers the agent's pending permission prompt with "yes" (the agent plugin's own keys). When the agent can read its
 * screen, the keys go only if the screen shows a permission prompt: any other dialog is never answered blindly.
 */
export async function approvePrompt(ctx: SessionContext, id: string): Promise<Session> {
  const row = ctx.store.row(id);
  const handle = handleOf(row);
  if (row.status !== 'running' || !handle) throw conflict(`session ${id} is not running`);
  if (row.activity !== 'waiting_input')
    throw conflict(`session ${id} is not waiting for input (it is ${row.activity})`);
  const { agent, runtime } = pluginsOf(ctx, row);
  if (!agent.approveKeys?.length)
    throw conflict(`the ${row.agent} agent has no known approval keys; answer it in its terminal`);
  if (agent.inspectScreen) {
    const verdict = agent.inspectScreen(await runtime.capture(handle));
    if (verdict?.kind !== 'permission') {
      const what = verdict
        ? `a dialog that is not a permission prompt: "${verdict.text}"`
        : 'no permission prompt';
      throw conflict(`${id} shows ${what}; answer it in its terminal (\`ao attach ${id}\`)`);
    }
  }
  await runtime.sendKeys(handle, agent.approveKeys);
  ctx.store.update(id, { escalated: false });
  return ctx.store.get(id);
}
