import type { Session } from '@ao/shared/session';
import { conflict } from '@ao/shared/errors';
import type { Services } from '../services';
import { pluginsOf } from './session-plugins';
import { handleOf } from './session-row';

/** Answers the agent's pending permission prompt with "yes" (the agent plugin's own keys). */
export async function approvePrompt(s: Services, id: string): Promise<Session> {
  const row = s.store.row(id);
  const handle = handleOf(row);
  if (row.status !== 'running' || !handle) throw conflict(`session ${id} is not running`);
  if (row.activity !== 'waiting_input')
    throw conflict(`session ${id} is not waiting for input (it is ${row.activity})`);
  const { agent, runtime } = pluginsOf(s, row);
  if (!agent.approveKeys?.length)
    throw conflict(`the ${row.agent} agent has no known approval keys; answer it in its terminal`);
  await runtime.sendKeys(handle, agent.approveKeys);
  s.store.update(id, { escalated: false });
  return s.store.get(id);
}
