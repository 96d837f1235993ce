import type { CheckFailures } from './retro-facts';

/** A check must have failed for real and been fixed by a later push this many times in one session. */
export const REPEATED_FIX_THRESHOLD = 2;

export interface Proposal {
  text: string;
  reason: string;
}

/**
 * Proposes at most one lesson from a finished session's facts, only where a clear pattern exists. The one rule today:
 * the same check failed (not flaky) and was fixed by a later push at least twice → "run it locally before pushing".
 * The check that was fixed most often wins (ties: by name). Check names come from CI: one line, bounded, no backticks.
 */
export function proposeFromFacts(sessionId: string, checks: readonly CheckFailures[]): Proposal | null {
  const best = [...checks]
    .filter((c) => c.fixed >= REPEATED_FIX_THRESHOLD)
    .sort((a, b) => b.fixed - a.fixed || a.name.localeCompare(b.name))[0];
  if (!best) return null;
  const name = safeName(best.name);
  if (!name) return null;
  return {
    text: `Run the \`${name}\` check locally before pushing: it failed in CI and needed another push ${best.fixed} times in a recent session.`,
    reason: `rule: one check failed for real and was fixed by a later push ≥${REPEATED_FIX_THRESHOLD} times in one session ("${name}": ${best.fixed} times in ${sessionId})`,
  };
}

const safeName = (s: string): string =>
  s
    .replace(/[\u0000-\u001f\u007f`]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
