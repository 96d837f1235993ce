import type { Project } from '@ao/shared/api';
import type { Escalation } from '@ao/shared/events-mcp';
import { PERMISSION_GRACE_MS } from '@ao/shared/needs-you';
import type { Lane, Session } from '@ao/shared/session';
import { firstLine } from './format';

/** The four board lanes in order; Done is a collapsed row below them. */
export const boardLanes = ['working', 'pending', 'review', 'merge'] as const satisfies readonly Lane[];

export const laneTitles: Record<Lane, string> = {
  working: 'Working',
  pending: 'Pending',
  review: 'Review',
  merge: 'Merge',
  done: 'Done',
};

export const laneHints: Record<Lane, string> = {
  working: 'Agents busy: no PR yet, or fixing CI or review feedback.',
  pending: 'Waiting on CI or reviewers. Nothing to do.',
  review: 'You are needed: input, permission, a stuck agent, or a PR to review.',
  merge: 'Approved, green, no conflicts: one click merges.',
  done: 'Merged, closed or killed.',
};

/** What a card calls the task: the issue, else the session title, else the prompt's first line, else the id. */
export function taskLabel(s: Session): string {
  if (s.issue) return `#${s.issue.number} ${s.issue.title}`;
  if (s.title.trim()) return s.title.trim();
  const line = firstLine(s.prompt);
  return line || s.id;
}

export interface BoardFilter {
  project: string | null;
  query: string;
}

/** True when a session matches the project filter and every word of the query (id, task, branch, agent, PR). */
export function matchesFilter(s: Session, f: BoardFilter): boolean {
  if (f.project && s.project !== f.project) return false;
  const words = f.query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [
    s.id,
    s.project,
    taskLabel(s),
    s.prompt ?? '',
    s.branch,
    s.agent,
    s.pr ? `#${s.pr.number} ${s.pr.title}` : '',
    s.issue ? `#${s.issue.number}` : '',
  ]
    .join('\n')
    .toLowerCase();
  return words.every((w) => hay.includes(w));
}

function recency(s: Session): number {
  const t = Date.parse(s.lastActivityAt ?? s.updatedAt);
  return Number.isNaN(t) ? 0 : t;
}

/**
 * How urgently a session in Review needs the user: an agent asking or blocked first, then one that ended or failed,
 * then one that is only idle or that ao cannot read. Many idle sessions must not bury the one that asks a question.
 */
export function attentionRank(s: Session): number {
  if (s.activity === 'waiting_input' || s.activity === 'blocked' || s.escalated) return 0;
  if (s.status === 'exited' || s.status === 'failed' || s.status === 'runtime_lost') return 1;
  return 2;
}

function ended(s: Session): number {
  const t = Date.parse(s.updatedAt);
  return Number.isNaN(t) ? 0 : t;
}

/**
 * Sessions grouped by lane, newest activity first (Review: most urgent first; Done: last finished first); every lane
 * is present (possibly empty).
 */
export function groupByLane(sessions: Iterable<Session>, f: BoardFilter): Record<Lane, Session[]> {
  const out: Record<Lane, Session[]> = { working: [], pending: [], review: [], merge: [], done: [] };
  for (const s of sessions) {
    // An orchestrator has a card of its own above the lanes.
    if (s.kind !== 'orchestrator' && matchesFilter(s, f)) out[s.lane].push(s);
  }
  for (const lane of Object.keys(out) as Lane[]) {
    const rank = lane === 'review' ? attentionRank : () => 0;
    const time = lane === 'done' ? ended : recency;
    out[lane].sort((a, b) => rank(a) - rank(b) || time(b) - time(a) || a.id.localeCompare(b.id));
  }
  return out;
}

export {
  type NeedReason,
  type NeedsYou,
  needReason,
  needsYou,
  PERMISSION_GRACE_MS,
} from '@ao/shared/needs-you';

/** Each session's permission grace: its project's (`permissionGraceSec`; 0 without an orchestrator). */
export function graceOf(projects: readonly Project[]): (s: Session) => number {
  const byId = new Map(projects.map((p) => [p.id, p.permissionGraceSec * 1000]));
  return (s) => byId.get(s.project) ?? PERMISSION_GRACE_MS;
}

/** Open escalations by the session they are about. */
export function escalationsBySession(escalations: Iterable<Escalation>): Map<string, Escalation[]> {
  const out = new Map<string, Escalation[]>();
  for (const e of escalations) {
    if (!e.sessionId || e.resolution) continue;
    out.set(e.sessionId, [...(out.get(e.sessionId) ?? []), e]);
  }
  return out;
}

/** The page title: `(2) ao` when two sessions need the user, else `ao`. */
export function pageTitle(reviewCount: number, base = 'ao'): string {
  return reviewCount > 0 ? `(${reviewCount}) ${base}` : base;
}

/** One entry of a lane's list: a project heading (when grouping by project) or a session. */
export type LaneItem =
  | { kind: 'group'; key: string; project: string; name: string; count: number }
  | { kind: 'session'; key: string; session: Session };

/**
 * A lane's list. Without grouping: its sessions in order. Grouped: one heading per project, each followed by that
 * project's sessions in their lane order; projects come in the order of their first session in the lane (so in Review
 * the project with the most urgent session comes first).
 */
export function laneItems(
  sessions: readonly Session[],
  groupByProject: boolean,
  projectNames: ReadonlyMap<string, string> = new Map(),
): LaneItem[] {
  const item = (s: Session): LaneItem => ({ kind: 'session', key: `s:${s.id}`, session: s });
  if (!groupByProject) return sessions.map(item);
  const byProject = new Map<string, Session[]>();
  for (const s of sessions) {
    const list = byProject.get(s.project);
    if (list) list.push(s);
    else byProject.set(s.project, [s]);
  }
  const name = (p: string) => projectNames.get(p) ?? p;
  return [...byProject.keys()].flatMap((p) => {
    const list = byProject.get(p) ?? [];
    const head: LaneItem = { kind: 'group', key: `g:${p}`, project: p, name: name(p), count: list.length };
    return [head, ...list.map(item)];
  });
}

/** The orchestrator sessions not stopped (shown above the lanes), running ones first. */
export function orchestrators(sessions: Iterable<Session>): Session[] {
  return [...sessions]
    .filter((s) => s.kind === 'orchestrator' && s.status !== 'killed' && s.status !== 'done')
    .sort(
      (a, b) =>
        Number(b.status === 'running') - Number(a.status === 'running') ||
        b.createdAt.localeCompare(a.createdAt),
    );
}
