// Benchmark: what one agent hook event costs, delivered the two ways Claude Code can: a command hook (ao's hook script:
// a Node process per event, as the claude-code plugin's settings ran every hook before http hooks) and an http hook
// (Claude POSTs the payload itself: no process). One scripted Claude session on the real daemon; the bench runs
// --events PreToolUse hooks each way, one after another, exactly as the settings file gives them, and reads CPU time
// from /proc: the hook processes' (cutime+cstime of this process, which reaps them), this process's own, the daemon's.
// Usage: node bench/hook-cost.mjs [--events 100]
import { parseArgs } from 'node:util';
import {
  CLK_TCK,
  checkBuilt,
  cleanup,
  cpuTicks,
  formatSummary,
  hooksFor,
  httpEquivalent,
  makeDataDir,
  makeProject,
  printMachine,
  round,
  runHook,
  scriptedClaudeConfig,
  spawnMany,
  startAgentHost,
  startDaemon,
  summarize,
  waitFor,
  warnIfRebuilt,
  writeScriptedClaude,
} from '../packages/testkit/dist/testkit.mjs';

const { values: opts } = parseArgs({ options: { events: { type: 'string', default: '100' } } });
const EVENTS = Number(opts.events);
const ms = (ticks) => (ticks * 1000) / CLK_TCK;

async function runEach(hook, agent, daemonPid) {
  const payload = {
    session_id: agent.agentSessionId,
    transcript_path: agent.transcript.path,
    cwd: agent.cwd,
    hook_event_name: 'PreToolUse',
    permission_mode: 'default',
    tool_name: 'Bash',
    tool_input: { command: 'npm test', description: 'Run the tests' },
  };
  const me0 = cpuTicks(process.pid);
  const d0 = cpuTicks(daemonPid);
  const walls = [];
  let failed = 0;
  for (let i = 0; i < EVENTS; i++) {
    const run = await runHook(hook, 'PreToolUse', payload);
    if (run.status !== 0 && run.status !== 204) failed += 1;
    walls.push(run.ms);
  }
  const me1 = cpuTicks(process.pid);
  const d1 = cpuTicks(daemonPid);
  return {
    type: hook.type,
    events: EVENTS,
    failed,
    wallMs: summarize(walls),
    hookProcessCpuMsPerEvent: round(ms(me1.children - me0.children) / EVENTS, 2),
    agentSideCpuMsPerEvent: round(ms(me1.self - me0.self) / EVENTS, 2),
    daemonCpuMsPerEvent: round(ms(d1.self - d0.self) / EVENTS, 2),
  };
}

async function main() {
  checkBuilt();
  const machine = printMachine();
  const host = await startAgentHost({ tools: 0, stepMs: 0 }, 'settings');
  const dataDir = makeDataDir();
  const project = await makeProject(
    'hooks',
    // Command hooks in the settings file: the bench runs each event once that way and once as the equivalent http hook.
    ({ scratch }) => scriptedClaudeConfig(writeScriptedClaude(scratch, host.port), { hooks: 'command' }),
    { tmpPrefix: 'ao-bench-git-' },
  );
  let daemon;
  const results = [];
  try {
    daemon = await startDaemon({ dataDir, configPath: project.configPath });
    const { ids } = await spawnMany(daemon, 1, { label: 'hook cost' });
    const session = (await daemon.api('GET', `/api/sessions/${ids[0]}`)).body.session;
    const agent = await host.agent(session.agentSessionId);
    await waitFor(() => agent.turns >= 1 && !agent.busy, 'the first turn', 60_000);
    const configured = hooksFor(agent.settings, 'PreToolUse', 'Bash')[0];
    if (!configured) throw new Error('no PreToolUse hook in the settings file');
    const command = configured.type === 'command' ? configured : null;
    const http = httpEquivalent(configured);
    console.log(
      `settings file: PreToolUse is a ${configured.type} hook${command ? ` (${command.command})` : ''}; ${EVENTS} ` +
        'events each way, sequential\n',
    );
    for (const hook of [command, http].filter(Boolean)) {
      const r = await runEach(hook, agent, daemon.pid);
      results.push(r);
      console.log(`${r.type} hook`);
      console.log(`  ${formatSummary('per event, start to done (the agent waits this long)', r.wallMs)}`);
      console.log(
        `  CPU per event: hook process(es) ${r.hookProcessCpuMsPerEvent} ms, agent side ${r.agentSideCpuMsPerEvent} ms, ` +
          `daemon ${r.daemonCpuMsPerEvent} ms; failed ${r.failed}`,
      );
    }
  } finally {
    await cleanup({ daemon, dataDir, dirs: [project.root] });
    await host.close();
  }
  const sameBuild = warnIfRebuilt(machine.build);
  console.log(
    JSON.stringify({ bench: 'hook-cost', date: new Date().toISOString(), machine, sameBuild, results }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
