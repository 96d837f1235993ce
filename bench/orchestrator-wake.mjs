// Orchestrator wakes with a fleet: 100 live sessions (an idle generic agent each, real tmux and git worktrees) and an
// orchestrator that is the generic message reader (it records every message typed into its terminal: no model time).
// Trigger → orchestrator's terminal: a worker calls report_blocked through ao's MCP server (worker token, the MCP
// SDK's own client); the clock stops when the orchestrator's program has the digest. Each wake waits for the
// orchestrator to be idle first (ao delivers only then). Then the digest size: the real one at 100 sessions with every
// session reporting at once (one coalesced digest), and the pure digest function over 1,000 sessions.
// Usage: node bench/orchestrator-wake.mjs [--sessions 100] [--wakes 10]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { register } from 'tsx/esm/api';
import {
  checkBuilt,
  cleanup,
  formatSummary,
  freePort,
  goal,
  makeDataDir,
  makeProject,
  printMachine,
  READ_MESSAGES,
  spawnMany,
  startDaemon,
  summarize,
  waitFor,
} from '../packages/testkit/dist/testkit.mjs';

const { values: opts } = parseArgs({
  options: { sessions: { type: 'string', default: '100' }, wakes: { type: 'string', default: '10' } },
});
const SESSIONS = Number(opts.sessions);
const WAKES = Number(opts.wakes);

const inboxLines = (file) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
    : [];

/** Resolves as soon as the file has a line containing `marker` (checked every 2 ms). */
async function seen(file, marker, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (inboxLines(file).some((l) => l.includes(marker))) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`the orchestrator did not receive ${marker}`);
}

checkBuilt();
const dataDir = makeDataDir();
let inbox = '';
const project = await makeProject(
  'orchbench',
  ({ scratch }) => {
    inbox = join(scratch, 'orchestrator-inbox.jsonl');
    return {
      agent: 'generic',
      agents: { generic: { command: ['sleep', '3600'], prompt: 'none' } },
      orchestrator: {
        enabled: true,
        agent: 'generic',
        agentSettings: { command: [process.execPath, READ_MESSAGES, inbox], prompt: 'none' },
        wakes: { maxPerHour: 10_000 },
        briefingEveryMin: 0,
      },
    };
  },
  { tmpPrefix: 'ao-bench-git-' },
);
let daemon;
try {
  daemon = await startDaemon({ dataDir, port: await freePort(), configPath: project.configPath });
  const { ids } = await spawnMany(daemon, SESSIONS, { label: 'orchestrator bench', limit: 5 });
  const status = async () => (await daemon.api('GET', '/api/orchestrator')).body.orchestrators[0];
  const orch = (
    await waitFor(async () => (await status())?.sessionId, 'the orchestrator session', 60_000)
  ).valueOf();
  // Ready for a wake: idle, and the turn of the last digest over (ao coalesces triggers until then).
  const idle = () =>
    waitFor(
      async () =>
        ((await daemon.api('GET', `/api/sessions/${orch}`)).body.session.activity === 'idle' &&
          !(await status()).awaitingTurn) ||
        null,
      'the orchestrator idle',
      120_000,
    );
  const clientFor = async (sessionId) => {
    const { body } = await daemon.api('POST', '/api/mcp/tokens', { scope: 'worker', sessionId });
    const client = new Client({ name: 'ao-bench', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${daemon.url}/api/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${body.token}` } },
      }),
    );
    return client;
  };
  const worker = await clientFor(ids[0]);

  const ms = [];
  for (let i = 0; i < WAKES; i++) {
    await idle();
    const marker = `bench-wake-${i}-${Date.now()}`;
    const t0 = performance.now();
    const r = await worker.callTool({ name: 'report_blocked', arguments: { reason: marker } });
    if (r.isError) throw new Error(r.content[0]?.text);
    await seen(inbox, marker);
    ms.push(performance.now() - t0);
  }
  const latency = summarize(ms);

  // Every session reports at once while the orchestrator is idle: one digest (or a few, coalesced), each bounded.
  await idle();
  const before = inboxLines(inbox).length;
  const clients = [];
  for (const id of ids) clients.push(await clientFor(id));
  await Promise.all(
    clients.map((c, i) =>
      c.callTool({ name: 'report_blocked', arguments: { reason: `burst ${i} ${'x'.repeat(200)}` } }),
    ),
  );
  const carried = (texts) => texts.map((t) => Number(/\[ao wake\] (\d+) trigger/.exec(t)?.[1] ?? 0));
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  await waitFor(
    () =>
      sum(
        carried(
          inboxLines(inbox)
            .slice(before)
            .map((l) => JSON.parse(l)),
        ),
      ) >= SESSIONS || null,
    'every report of the burst delivered',
    120_000,
  );
  const burstTexts = inboxLines(inbox)
    .slice(before)
    .map((l) => JSON.parse(l));
  const burst = burstTexts.map((t) => Buffer.byteLength(t));
  const triggersIn = carried(burstTexts);
  for (const c of [worker, ...clients]) await c.close();

  // The pure digest over 1,000 sessions (each involved), from the daemon's own source.
  register();
  const { buildDigest } = await import('../apps/daemon/src/orchestrator/build-digest.ts');
  const listed = (await daemon.api('GET', '/api/sessions')).body.sessions.filter((s) => s.kind === 'worker');
  const fleet = Array.from({ length: 1000 }, (_, i) => ({
    ...listed[i % listed.length],
    id: `orchbench-x${i}`,
  }));
  const triggers = fleet.map((s, i) => ({
    trigger: i % 2 ? 'worker_ask' : 'reaction_escalated',
    projectId: 'orchbench',
    sessionId: s.id,
    detail: `ci_failed out of budget ${'log '.repeat(60)}`,
    at: new Date().toISOString(),
  }));
  const bytes1000 = Buffer.byteLength(buildDigest({ triggers, fleet, maxBytes: 8192, now: new Date() }));

  console.log(
    `\nOrchestrator wakes, ${SESSIONS} live sessions, ${WAKES} wakes (generic agent as orchestrator: no model)`,
  );
  console.log(formatSummary('  trigger (report_blocked) → digest in the orchestrator terminal', latency));
  console.log(
    `  burst of ${SESSIONS} reports at once: ${burst.length} digest(s) carrying ${triggersIn.join(' + ')} triggers, bytes ${burst.join(', ')}`,
  );
  console.log(`  digest over 1000 sessions, all involved: ${bytes1000} bytes`);
  const machine = printMachine();
  const ok = [
    goal('trigger → digest p95', Math.round(latency.p95), 1000, 'ms'),
    goal('digest bytes at 1000 sessions', bytes1000, 8192, 'bytes'),
  ];
  console.log(
    JSON.stringify({
      sessions: SESSIONS,
      wakes: WAKES,
      latency,
      burst,
      triggersIn,
      bytes1000,
      machine: machine.cpu,
    }),
  );
  process.exitCode = ok.every(Boolean) ? 0 : 1;
} finally {
  await cleanup({ daemon, dataDir, dirs: [project.root] });
}
