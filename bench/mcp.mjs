// MCP tool calls with a fleet: 100 live sessions (an idle generic agent each, real tmux and git worktrees), then
// list_sessions and get_session called through the MCP SDK's own client over Streamable HTTP with an orchestrator
// token: p50/p95 per tool (goal: p95 <= 20 ms). The first calls warm up and are not counted; get_session's first read
// of each session (it runs git for the diff stat, then keeps it 30 s) is reported on its own.
// Usage: node bench/mcp.mjs [--sessions 100] [--calls 200]
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  checkBuilt,
  cleanup,
  cpuTicks,
  formatSummary,
  freePort,
  goal,
  idleGenericAgent,
  makeDataDir,
  makeProject,
  printMachine,
  spawnMany,
  startDaemon,
  summarize,
  ticksToMs,
} from '../packages/testkit/dist/testkit.mjs';

const { values: opts } = parseArgs({
  options: { sessions: { type: 'string', default: '100' }, calls: { type: 'string', default: '200' } },
});
const SESSIONS = Number(opts.sessions);
const CALLS = Number(opts.calls);
const WARMUP = 20;

/** Wall time per call (p50/p95) and the daemon's own CPU per call (its utime+stime over the counted calls). */
async function timeCalls(client, name, args, warmup = WARMUP, calls = CALLS) {
  const ms = [];
  let ticks0 = 0;
  for (let i = 0; i < warmup + calls; i++) {
    if (i === warmup) ticks0 = cpuTicks(daemon.pid).self;
    const t0 = performance.now();
    const result = await client.callTool({ name, arguments: args(i) });
    const dt = performance.now() - t0;
    if (result.isError) throw new Error(`${name}: ${result.content[0]?.text}`);
    if (i >= warmup) ms.push(dt);
  }
  return {
    ...summarize(ms),
    daemonCpuMs: Math.round((ticksToMs(cpuTicks(daemon.pid).self - ticks0) / calls) * 100) / 100,
  };
}

checkBuilt();
const dataDir = makeDataDir();
const project = await makeProject('mcp', idleGenericAgent(['sleep', '3600']), { tmpPrefix: 'ao-bench-git-' });
let daemon;
try {
  daemon = await startDaemon({ dataDir, port: await freePort(), configPath: project.configPath });
  const { ids } = await spawnMany(daemon, SESSIONS, { label: 'mcp bench', limit: 5 });
  const { body } = await daemon.api('POST', '/api/mcp/tokens', { scope: 'orchestrator' });
  const client = new Client({ name: 'ao-bench', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${daemon.url}/api/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${body.token}` } },
    }),
  );
  const list = await timeCalls(client, 'list_sessions', () => ({ limit: 200 }));
  // get_session keeps a session's diff stat 30 s: the first read of each session runs git (cold), later ones do not.
  const cold = await timeCalls(client, 'get_session', (i) => ({ id: ids[i % ids.length] }), 0, ids.length);
  const one = await timeCalls(client, 'get_session', (i) => ({ id: ids[i % ids.length] }));
  await client.close();

  console.log(
    `\nMCP tool calls, ${SESSIONS} live sessions, ${CALLS} calls each (after ${WARMUP} warm-up calls)`,
  );
  const line = (label, s) => console.log(`${formatSummary(label, s)}; daemon CPU ${s.daemonCpuMs} ms/call`);
  line('  list_sessions (all rows)', list);
  line('  get_session, first read of each session (git diff stat)', cold);
  line('  get_session (diff stat kept, terminal log tail, messages)', one);
  const machine = printMachine();
  const ok = [goal('list_sessions p95', list.p95, 20, 'ms'), goal('get_session p95', one.p95, 20, 'ms')];
  console.log(JSON.stringify({ sessions: SESSIONS, calls: CALLS, list, cold, one, machine: machine.cpu }));
  process.exitCode = ok.every(Boolean) ? 0 : 1;
} finally {
  await cleanup({ daemon, dataDir, dirs: [project.root] });
}
