// Death detection at N: SIGKILL one scripted agent (its bash process, the pane's process) at a time and time the
// kill to the `session.status_changed` -> exited event on SSE.
import { formatSummary, openEventHub, sleep, summarize } from '../../packages/testkit/dist/testkit.mjs';
import { liveSessions } from './setup.mjs';

export async function measureDeath(f, kills) {
  const victims = (await liveSessions(f)).slice(-kills);
  const hub = await openEventHub(f.daemon);
  const times = [];
  const statuses = {};
  try {
    for (const s of victims) {
      const agent = f.host.agents.get(s.agentSessionId);
      if (!agent) throw new Error(`no scripted agent for ${s.id}`);
      const seen = hub.next(
        (e) => e.type === 'session.status_changed' && e.data.session.id === s.id && e.data.to !== 'running',
        10_000,
        `${s.id} to leave running`,
      );
      const t0 = performance.now();
      process.kill(agent.pid, 'SIGKILL');
      const { event, receivedAt } = await seen;
      times.push(receivedAt - t0);
      statuses[event.data.to] = (statuses[event.data.to] ?? 0) + 1;
      await sleep(100);
    }
  } finally {
    hub.close();
  }
  const r = { kills: victims.length, ms: summarize(times), statuses };
  console.log(
    `    ${formatSummary(`death (SIGKILL agent -> status_changed on SSE) ${JSON.stringify(statuses)}`, r.ms)}`,
  );
  return r;
}
