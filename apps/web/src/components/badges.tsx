'use client';
import type { Activity, Evidence, PullRequest, Session } from '@ao/shared/session';
import { activityLabels, formatTime } from '../lib/format';
import { ChatIcon } from './icons';
import { Chip, type Tone } from './ui';

const activityTones: Record<Activity, Tone> = {
  starting: 'info',
  working: 'info',
  idle: 'neutral',
  waiting_input: 'warn',
  blocked: 'bad',
  exited: 'bad',
  unknown: 'neutral',
};

/** "why": the evidence behind the current activity, for tooltips. */
export function evidenceText(e: Evidence | null, reason: string | null): string {
  if (!e) return reason ? `Reason: ${reason}` : 'No evidence recorded yet';
  const lines = [
    `${e.detail}`,
    `source: ${e.source} · confidence: ${e.confidence}`,
    `at ${formatTime(e.at)}`,
  ];
  if (reason) lines.push(`status: ${reason}`);
  return lines.join('\n');
}

/** The label and tone a session's state is shown with: the activity while its agent runs, else its status. */
export function stateLabel(s: Session): { label: string; tone: Tone } {
  if (s.status === 'running')
    return { label: activityLabels[s.activity] ?? s.activity, tone: activityTones[s.activity] };
  if (s.status === 'exited' && s.activity === 'blocked') return { label: 'blocked', tone: 'bad' };
  const bad = s.status === 'failed' || s.status === 'runtime_lost' || s.status === 'exited';
  return { label: s.status.replace('_', ' '), tone: bad ? 'bad' : 'neutral' };
}

export function ActivityBadge({ session }: { session: Session }) {
  const s = session;
  const { label, tone } = stateLabel(s);
  return (
    <span
      data-testid="activity-badge"
      data-status={s.status}
      data-activity={s.activity}
      className="cursor-help"
    >
      <Chip tone={tone} title={evidenceText(s.evidence, s.statusReason)}>
        {s.status === 'running' && s.activity === 'working' ? (
          <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-current" />
        ) : null}
        {label}
      </Chip>
    </span>
  );
}

/** "2 queued": messages the agent holds until its next turn. */
export function QueuedChip({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <span data-testid="queued-chip">
      <Chip tone="warn" title={`${count} message(s) queued: the agent takes them with its next turn`}>
        <ChatIcon /> {count} queued
      </Chip>
    </span>
  );
}

/** The session was brought back on its own after a restart. */
export function BroughtBackChip() {
  return (
    <span data-testid="brought-back">
      <Chip tone="info" title="Brought back on its own after ao or the machine restarted">
        restored
      </Chip>
    </span>
  );
}

const ciTones: Record<PullRequest['ci'], Tone> = {
  none: 'neutral',
  pending: 'warn',
  passing: 'good',
  failing: 'bad',
};
const ciIcons: Record<PullRequest['ci'], string> = { none: '○', pending: '◌', passing: '✓', failing: '✗' };

export function CiChip({ pr }: { pr: PullRequest }) {
  const failed = pr.checks.filter(
    (c) => c.conclusion && !['success', 'neutral', 'skipped'].includes(c.conclusion),
  );
  const title = pr.checks.length
    ? pr.checks
        .map(
          (c) =>
            `${c.name}: ${c.conclusion ?? c.status}${c.verdict ? ` (${c.verdict.class}: ${c.verdict.reason})` : ''}`,
        )
        .join('\n')
    : 'No checks reported';
  // The class of the failures when ao classified them all alike (e.g. every failure is flaky and being re-run).
  const classes = [...new Set(failed.map((c) => c.verdict?.class ?? ''))];
  const only = pr.ci === 'failing' && classes.length === 1 && classes[0] ? classes[0] : null;
  return (
    <Chip tone={ciTones[pr.ci]} title={title}>
      {ciIcons[pr.ci]} CI {pr.ci === 'failing' && failed.length ? `${failed.length} failing` : pr.ci}
      {only ? ` · ${only === 'broken-base' ? 'broken base' : only}` : ''}
    </Chip>
  );
}

const reviewLabels: Record<PullRequest['reviewDecision'], [string, Tone]> = {
  none: ['no review', 'neutral'],
  review_required: ['review required', 'warn'],
  approved: ['approved', 'good'],
  changes_requested: ['changes requested', 'bad'],
};

export function ReviewChip({ pr }: { pr: PullRequest }) {
  const [label, tone] = reviewLabels[pr.reviewDecision];
  const threads = pr.unresolvedThreads.length;
  return (
    <Chip tone={tone} title={threads ? `${threads} unresolved thread(s)` : undefined}>
      {label}
      {threads ? (
        <>
          {' · '}
          {threads}
          <ChatIcon />
        </>
      ) : null}
    </Chip>
  );
}

export function PrChips({ pr }: { pr: PullRequest }) {
  return (
    <span className="flex flex-wrap items-center gap-1">
      <a
        href={pr.url}
        target="_blank"
        rel="noreferrer"
        onClick={(e) => e.stopPropagation()}
        className="font-mono text-xs font-semibold text-indigo-600 hover:underline dark:text-indigo-400"
      >
        #{pr.number}
        {pr.draft ? ' (draft)' : ''}
      </a>
      <CiChip pr={pr} />
      <ReviewChip pr={pr} />
      {pr.mergeable === 'conflicting' ? <Chip tone="bad">conflicts</Chip> : null}
    </span>
  );
}
