// The growth table of the scale benchmark: each figure at every size, and the factor from the first to the last.
const rows = [
  ['spawn (s, this step)', (s) => s.grown.spawnMs / 1000],
  ['idle daemon CPU (% of a core)', (s) => s.idle.window.daemonCpuPct],
  ['idle children CPU (%)', (s) => s.idle.window.childrenCpuPct],
  ['tmux server CPU (%)', (s) => s.idle.window.tmuxServerCpuPct],
  ['daemon RSS max (MiB)', (s) => s.idle.window.rssMaxMiB],
  ['processes started /s (idle)', (s) => s.idle.forks?.perSecond],
  ['GET /api/sessions p50 (ms)', (s) => s.idle.list.ms.p50],
  ['GET /api/sessions p95 (ms)', (s) => s.idle.list.ms.p95],
  ['hook -> SSE p50 (ms)', (s) => s.active.latency.p50],
  ['hook -> SSE p95 (ms)', (s) => s.active.latency.p95],
  ['daemon CPU, active (%)', (s) => s.active.daemonCpuPct],
  ['restart: first answer (ms)', (s) => s.restart?.firstAnswerMs],
  ['restart: recovered (ms)', (s) => s.restart?.recoveredMs],
  ['death p50 (ms)', (s) => s.death.ms.p50],
  ['death p95 (ms)', (s) => s.death.ms.p95],
  ['load average (1 min) after', (s) => s.loadavg?.[0]],
];

const fmt = (v) =>
  v === null || v === undefined || Number.isNaN(v) ? 'n/a' : String(Math.round(v * 100) / 100);

export function printGrowth(stages) {
  const sizes = stages.map((s) => s.n);
  const head = ['figure', ...sizes.map((n) => `${n}`), `x (${sizes[0]} -> ${sizes[sizes.length - 1]})`];
  const table = rows.map(([label, get]) => {
    const values = stages.map(get);
    const first = values[0];
    const last = values[values.length - 1];
    const factor =
      typeof first === 'number' && typeof last === 'number' && first > 0 ? `${fmt(last / first)}x` : '';
    return [label, ...values.map(fmt), factor];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\nhow each figure grows with the number of sessions\n${line(head)}`);
  for (const r of table) console.log(line(r));
  console.log('');
}
