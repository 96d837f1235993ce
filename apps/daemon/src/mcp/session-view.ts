import { needReason } from '@ao/shared/needs-you';
import type { Session } from '@ao/shared/session';
import { clip, type ToolContext } from './tool';

/**
 * Why a session needs the human, in a few words, by the dashboard's rule (`@ao/shared/needs-you`): an escalation of
 * ao's own, a permission prompt past its grace time, or a PR for the human's own review. Null otherwise.
 */
export function needsYouReason(s: Session, now: number, graceMs: number): string | null {
  const need = needReason(s, now, graceMs);
  if (need === null) return null;
  if (need === 'escalated') return 'a reaction escalated';
  if (need === 'permission') return clip(s.statusReason, 120) ?? 'waiting for permission';
  return 'PR ready for your review';
}

/** Why a session sits in the Review lane (something to look at, the orchestrator's first), or null. */
export function attentionReason(s: Session): string | null {
  if (s.lane !== 'review') return null;
  if (s.escalated) return 'a reaction escalated';
  if (s.activity === 'waiting_input') return clip(s.statusReason, 120) ?? 'waiting for input or permission';
  if (s.activity === 'blocked') return clip(s.statusReason, 120) ?? 'blocked';
  if (s.status === 'failed') return 'spawning failed';
  if (s.status === 'exited') return `the agent exited${s.exit?.code != null ? ` (code ${s.exit.code})` : ''}`;
  if (s.status === 'runtime_lost') return 'its runtime vanished (restorable)';
  if (s.activity === 'unknown') return 'ao cannot tell what the agent is doing';
  if (!s.pr) return 'idle without a PR';
  return 'PR ready for your review';
}

const minutesSince = (iso: string, now: number) => Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));

/** One session as a compact row: what an orchestrator scans a fleet by. */
export function sessionRow(s: Session, graceMs: number, now = Date.now()) {
  return {
    id: s.id,
    project: s.project,
    title: clip(s.title, 80),
    lane: s.lane,
    status: s.status,
    activity: s.activity,
    needsYou: needsYouReason(s, now, graceMs),
    attention: attentionReason(s),
    evidence: s.evidence ? clip(`${s.evidence.source}: ${s.evidence.detail}`, 100) : null,
    pr: s.pr
      ? {
          number: s.pr.number,
          url: s.pr.url,
          state: s.pr.state,
          ci: s.pr.ci,
          review: s.pr.reviewDecision,
          mergeable: s.pr.mergeable,
          threads: s.pr.unresolvedThreads.length,
        }
      : null,
    ageMin: minutesSince(s.createdAt, now),
    idleMin: s.lastActivityAt ? minutesSince(s.lastActivityAt, now) : null,
    costUsd: s.usage.costUsd > 0 ? Math.round(s.usage.costUsd * 100) / 100 : null,
    queued: s.queuedMessages,
    // Fleet signals (DESIGN.md §11), compact: get_session has the files and reasons.
    signals: {
      failingChecks: (s.pr?.checks ?? [])
        .filter((c) => c.verdict)
        .slice(0, 5)
        .map((c) => ({ name: clip(c.name, 60), class: c.verdict?.class })),
      conflicts: s.conflicts.slice(0, 5).map((c) => ({ with: c.with, kind: c.kind, files: c.fileCount })),
      blockedBy: s.blockedBy.slice(0, 5).map((b) => b.session),
      blocks: s.blocks.slice(0, 5).map((b) => b.session),
    },
  };
}
export type SessionRow = ReturnType<typeof sessionRow>;

/** A session's row with its project's permission grace. */
export function rowOf(ctx: Pick<ToolContext, 'projects'>, s: Session, now = Date.now()) {
  return sessionRow(s, ctx.projects.permissionGraceMs(s.project), now);
}
