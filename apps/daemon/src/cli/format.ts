import type { Session } from '@ao/shared/session';

export function age(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
  return `${Math.floor(s / 86_400)}d`;
}

/** A plain table; columns padded to their widest cell. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) =>
          i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length),
        )
        .join('  '),
    )
    .join('\n');
}

export function sessionTable(sessions: Session[]): string {
  if (!sessions.length) return 'no sessions yet: `ao start --prompt "..."` starts one';
  const head = ['ID', 'STATUS', 'ACTIVITY', 'LANE', 'BRANCH', 'PR', 'AGE', 'TITLE'];
  const rows = sessions.map((s) => [
    s.id,
    s.status,
    s.activity,
    s.lane,
    s.branch,
    s.pr ? `#${s.pr.number} ${s.pr.ci}` : '-',
    age(s.createdAt),
    s.title.length > 50 ? `${s.title.slice(0, 49)}…` : s.title,
  ]);
  const why = sessions.filter((s) => s.lane === 'review').map((s) => `  ${s.id}: ${reasonOf(s)}`);
  return [table([head, ...rows]), ...(why.length ? ['', 'Needs you:', ...why] : [])].join('\n');
}

/** Why a session needs the user: its status reason (an exit, a failure) or the evidence behind its activity. */
export function reasonOf(s: Session): string {
  const text = s.statusReason ?? s.evidence?.detail ?? s.activity;
  const last = s.exit?.lastLines.at(-1);
  return last && !text.includes(last.trim()) ? `${text} (last line: ${last.trim()})` : text;
}
