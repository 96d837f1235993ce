// The backlog of bench/fleet-sim.mjs: what each issue's agent edits and what trouble it meets. Deterministic.

/**
 * Issue n (1-based) of `count`: `bug` (its first push fails CI for real; the agent must fix it), `flaky` (its first
 * run fails, a re-run of the same sha passes), `shared` pairs (n and n+1 replace the same line of one file),
 * `blockedBy` (its body says "Blocked by #m"), `stuck` (one agent that sits on its prompt until nudged).
 */
export function planIssues(count) {
  const plans = {};
  for (let n = 1; n <= count; n++) {
    const p = { n, file: `src/issue-${n}.txt`, shared: false, bug: n % 10 === 3, flaky: n % 10 === 6 };
    if (n % 12 === 1 && n < count) p.pairOf = n + 1;
    if (n % 12 === 2 && n > 1) p.pairOf = n - 1;
    if (p.pairOf) {
      p.shared = true;
      p.file = `src/shared-${Math.floor((n - 1) / 12)}.txt`;
    }
    if (n % 15 === 0 && n > 5) p.blockedBy = n - 5;
    if (count >= 8 && n === 4) p.blockedBy = 1;
    p.stuck = n === 5;
    plans[n] = p;
  }
  return plans;
}

export function issueBody(p) {
  const lines = [`Change ${p.file}.`];
  if (p.blockedBy) lines.push(`Blocked by #${p.blockedBy}`);
  return lines.join('\n\n');
}

export const sharedFiles = (plans) => [
  ...new Set(
    Object.values(plans)
      .filter((p) => p.shared)
      .map((p) => p.file),
  ),
];
