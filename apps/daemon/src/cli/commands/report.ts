import type { Report } from '@ao/shared/report';
import type { Client } from '../client';
import { table } from '../format';

export interface ReportOptions {
  since?: string;
  project?: string;
  json?: boolean;
  md?: boolean;
  /** `--sessions [n]`: also list the period's sessions (true: the default number). */
  sessions?: string | boolean;
}

const DEFAULT_SESSIONS = 50;

/** `ao report`: what the fleet did over a period, as text tables (default), JSON or Markdown. */
export async function report(client: Client, opts: ReportOptions): Promise<void> {
  const q = new URLSearchParams();
  if (opts.since) q.set('since', opts.since);
  if (opts.project) q.set('project', opts.project);
  if (opts.sessions) q.set('sessions', opts.sessions === true ? String(DEFAULT_SESSIONS) : opts.sessions);
  const r = await client.get<Report>(`/api/report${q.size ? `?${q}` : ''}`);
  if (opts.json) return console.log(JSON.stringify(r, null, 2));
  console.log(renderReport(r, opts.md ? mdTable : table));
}

type Render = (rows: string[][]) => string;

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
const int = (n: number) => n.toLocaleString('en-US');

/** The report's sections, each a heading and a table (plain or Markdown). */
export function renderReport(r: Report, render: Render): string {
  const md = render === mdTable;
  const h = (title: string) => (md ? `\n## ${title}\n` : `\n${title}\n${'-'.repeat(title.length)}`);
  const t = r.totals;
  const out = [
    md
      ? `# ao report ${r.since.slice(0, 10)} → ${r.until.slice(0, 10)}`
      : `ao report ${r.since} → ${r.until}`,
    `projects: ${r.projects.join(', ') || '(none)'}`,
    ...r.unreadable.map((u) => `not counted: the commits of ${u.project} (${u.error})`),
    h('Totals'),
    render([
      ['WHAT', 'COUNT'],
      ['sessions', int(t.sessions)],
      ['PRs created', int(t.prsCreated)],
      ['PRs merged', int(t.prsMerged)],
      ['commits (all branches)', int(t.commits)],
      ['lines added', int(t.linesAdded)],
      ['AI co-authored commits', `${int(t.aiCommits)} (${pct(t.aiShare)})`],
      ['peak concurrent agents', int(t.peakConcurrentAgents)],
    ]),
    h('Per day'),
    render([
      ['DAY', 'MAIN COMMITS', 'BRANCH COMMITS', 'LINES ADDED', 'PRS MERGED'],
      ...r.days.map((d) => [
        d.day,
        int(d.mainCommits),
        int(d.branchCommits),
        int(d.linesAdded),
        int(d.prsMerged),
      ]),
    ]),
    h('Co-authored commits by model'),
    render([['MODEL', 'COMMITS'], ...r.models.map((m) => [m.model, int(m.commits)])]),
    h('Reviews by reviewer kind'),
    render([
      ['KIND', 'REVIEWS', 'INLINE COMMENTS', 'SHARE'],
      ...r.reviewers.map((x) => [x.kind, int(x.reviews), int(x.inlineComments), pct(x.share)]),
    ]),
    h('CI self-correction'),
    render([
      ['SESSION', 'BRANCH', 'FAILURES', 'FIX CYCLES', 'FLAKY', 'SUCCESSES', 'WHAT HAPPENED'],
      ...r.ci.map((c) => [
        c.session,
        c.branch,
        int(c.failures),
        int(c.fixCycles),
        int(c.flaky),
        int(c.successes),
        c.outcome,
      ]),
    ]),
    h('Review comments'),
    render([
      ['FIXED', 'EXPLAINED AWAY', 'DEFERRED', 'OPEN'],
      [
        r.reviewComments.fixed,
        r.reviewComments.explained,
        r.reviewComments.deferred,
        r.reviewComments.open,
      ].map(int),
    ]),
    h('Longest fix loops'),
    render([
      ['SESSION', 'BRANCH', 'HEAD', 'CHECKS', 'MINUTES', 'FIXED'],
      ...r.fixLoops.map((l) => [
        l.session,
        l.branch,
        l.head.slice(0, 8),
        l.checks.join(', '),
        String(l.minutes),
        l.fixed ? 'yes' : 'no',
      ]),
    ]),
    h('Lessons: before → after (sessions, first-try success, mean real fix cycles)'),
    render([
      ['ID', 'PROJECT', 'ACCEPTED', 'BEFORE', 'AFTER', 'LESSON'],
      ...r.lessons.map((l) => [
        String(l.id),
        l.project,
        l.acceptedAt.slice(0, 10),
        effectSide(l.before),
        effectSide(l.after),
        oneLine(l.text),
      ]),
    ]),
  ];
  if (r.sessions) out.push(h('Sessions'), render(sessionRows(r.sessions)));
  return out.join('\n');
}

/** `n=12 · 58.3% first try · 0.75 fix cycles` (or `n=0`). */
function effectSide(s: Report['lessons'][number]['before']): string {
  if (!s.sessions) return 'n=0';
  const rate = s.firstTryRate === null ? '-' : pct(s.firstTryRate);
  const fixes = s.meanFixCycles === null ? '-' : String(Math.round(s.meanFixCycles * 100) / 100);
  return `n=${s.sessions} · ${rate} first try · ${fixes} fix cycles`;
}

/** Lesson texts as one line, control characters escaped (they are shown in a terminal). */
const oneLine = (text: string): string =>
  text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

const minutes = (m: number | null) => (m === null ? '-' : String(m));

/** The `--sessions` section: one row a session, newest first, and how many were left out. */
function sessionRows(list: NonNullable<Report['sessions']>): string[][] {
  const rows = [
    [
      'SESSION',
      'TASK',
      'AGENT',
      'MODEL',
      'COST',
      'FIRST PR MIN',
      'CI FAIL',
      'FIX',
      'FLAKY',
      'REVIEWS',
      'END',
      'MERGE MIN',
    ],
    ...list.rows.map((s) => [
      s.session,
      s.title ? `${s.task}: ${s.title.slice(0, 40)}` : s.task,
      s.agent,
      s.models.join(', ') || '-',
      `$${s.costUsd.toFixed(2)}`,
      minutes(s.firstPrMinutes),
      int(s.ciFailures),
      int(s.fixCycles),
      int(s.flakyCycles),
      int(s.reviewRounds),
      s.endState ?? 'live',
      minutes(s.mergeMinutes),
    ]),
  ];
  const left = list.total - list.rows.length;
  if (left > 0) rows.push([`(${int(left)} more)`, ...Array(11).fill('')]);
  return rows;
}

function mdTable(rows: string[][]): string {
  const [head, ...body] = rows;
  if (!head) return '';
  const esc = (c: string) => c.replaceAll('|', '\\|');
  return [head, head.map(() => '---'), ...body].map((r) => `| ${r.map(esc).join(' | ')} |`).join('\n');
}
