import type { Lane, Session } from '@ao/shared/session';
import { attentionReason, needsYouReason } from '../mcp/session-view';
import { cleanText, oneLine } from './chat-text';

const LANES: readonly Lane[] = ['working', 'pending', 'review', 'merge'];
const LIST_MAX = 25;

/** `status`: live sessions per lane, the done count, and the sessions that need a human with why. */
export function formatStatus(sessions: readonly Session[], graceMs: (s: Session) => number): string {
  const count = (lane: Lane) => sessions.filter((s) => s.lane === lane).length;
  const live = sessions.length - count('done');
  const lanes = LANES.map((lane) => `${lane} ${count(lane)}`).join(' · ');
  const lines = [`Fleet: ${live} live (${lanes}) · done ${count('done')}`];
  const now = Date.now();
  const why = (s: Session) => needsYouReason(s, now, graceMs(s));
  const needy = sessions.filter((s) => why(s) !== null);
  if (needy.length === 0) lines.push('Nobody needs you.');
  else {
    lines.push(`Needs you (${needy.length}):`);
    for (const s of needy.slice(0, LIST_MAX)) lines.push(`• ${s.id}: ${oneLine(why(s) ?? '', 120)}`);
    if (needy.length > LIST_MAX) lines.push(`… and ${needy.length - LIST_MAX} more`);
  }
  const look = sessions.filter((s) => why(s) === null && attentionReason(s) !== null).length;
  if (look > 0) lines.push(`In Review to look at (the orchestrator's first): ${look}`);
  return lines.join('\n');
}

/** `sessions`: one line per live session (id, lane, activity, PR, title). */
export function formatSessions(sessions: readonly Session[]): string {
  const live = sessions.filter((s) => s.lane !== 'done');
  if (live.length === 0) return 'No live sessions.';
  const lines = live.slice(0, LIST_MAX).map((s) => {
    const pr = s.pr ? ` · PR #${s.pr.number} ${s.pr.ci}` : '';
    return `• ${s.id} [${s.lane}] ${s.activity}${pr}: ${oneLine(s.title, 80)}`;
  });
  if (live.length > LIST_MAX) lines.push(`… and ${live.length - LIST_MAX} more`);
  return lines.join('\n');
}

/** `show <id>`: one session in some depth. */
export function formatSession(s: Session, graceMs: number): string {
  const lines = [
    `${s.id}: ${oneLine(s.title, 200)}`,
    `lane ${s.lane} · status ${s.status} · activity ${s.activity} · agent ${s.agent}`,
    `branch ${oneLine(s.branch, 200)}`,
  ];
  if (s.statusReason) lines.push(`why: ${oneLine(s.statusReason, 300)}`);
  if (s.evidence) lines.push(`evidence: ${oneLine(`${s.evidence.source}: ${s.evidence.detail}`, 300)}`);
  const needs = needsYouReason(s, Date.now(), graceMs);
  if (needs) lines.push(`needs you: ${oneLine(needs, 200)}`);
  if (s.pr)
    lines.push(
      `PR #${s.pr.number} ${s.pr.state} · CI ${s.pr.ci} · review ${s.pr.reviewDecision} · ${s.pr.mergeable}`,
      cleanText(s.pr.url, 300),
    );
  if (s.usage.costUsd > 0) lines.push(`cost $${s.usage.costUsd.toFixed(2)}`);
  return lines.join('\n');
}
