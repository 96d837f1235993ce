import type { ExitInfo, Session } from '@ao/shared/session';

/** What the user can run to fix a blocked agent, as the daemon wrote it after "Fix:" (the command in backticks). */
export interface Fix {
  text: string;
  command: string | null;
}

/** Splits "… . Fix: run `claude`" into the reason and the fix (null when the text names none). */
export function parseFix(text: string): { reason: string; fix: Fix | null } {
  const m = /^(.*?)\.?\s*\bFix:\s*(.+)$/s.exec(text);
  if (!m) return { reason: text, fix: null };
  const fixText = (m[2] ?? '').trim();
  const command = /`([^`]+)`/.exec(fixText)?.[1]?.trim() ?? null;
  return { reason: (m[1] ?? '').trim(), fix: { text: fixText, command } };
}

/** "exited with code 1", "killed by SIGTERM", "exited (code unknown)". */
export function exitSummary(exit: ExitInfo): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  return exit.code === null ? 'exited (code unknown)' : `exited with code ${exit.code}`;
}

export type WhyTone = 'neutral' | 'warn' | 'bad';

/** Why a session needs a look, in one line for its card (null when nothing is worth a line). */
export interface Why {
  text: string;
  tone: WhyTone;
  fix: Fix | null;
}

/**
 * The card's short explanation: an exit (code or signal, and the last line printed), a block (with its fix), a failure,
 * a question from the agent, or why ao cannot tell what the agent is doing.
 */
export function whyLine(s: Session): Why | null {
  const evidence = s.evidence?.detail ?? null;
  if (s.status === 'exited') {
    const { fix } = parseFix(s.statusReason ?? '');
    const last = s.exit?.lastLines.at(-1)?.trim();
    const head = s.exit ? exitSummary(s.exit) : (s.statusReason ?? 'exited');
    const text = s.exit && last ? `${head}: ${last}` : head;
    return { text, tone: 'bad', fix };
  }
  if (s.status === 'failed' || s.status === 'runtime_lost') {
    const { reason, fix } = parseFix(s.statusReason ?? s.status.replace('_', ' '));
    return { text: reason, tone: 'bad', fix };
  }
  if (s.status !== 'running') return null;
  if (s.activity === 'blocked') {
    const { reason, fix } = parseFix(s.statusReason ?? evidence ?? 'blocked');
    return { text: reason, tone: 'bad', fix };
  }
  if (s.activity === 'waiting_input')
    return { text: evidence ?? 'waiting for input', tone: 'warn', fix: null };
  if (s.activity === 'unknown') {
    return { text: `ao cannot tell: ${evidence ?? 'no signal from the agent'}`, tone: 'neutral', fix: null };
  }
  return null;
}

/** True when the session was brought back on its own after a restart (its evidence says so). */
export function broughtBack(s: Session): boolean {
  return s.evidence?.source === 'recovery';
}
