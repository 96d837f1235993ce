/** Small, pure formatting helpers for cards and the detail page. */

/** "just now", "42s", "5m", "3h", "2d" since an ISO time (relative to `now`, ms since epoch). */
export function formatAge(iso: string | null, now: number): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '—';
  const s = Math.max(0, Math.floor((now - t) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** "$0.00", "$0.42", "$12.3", "$1.2k". */
export function formatCost(usd: number): string {
  if (!Number.isFinite(usd) || usd <= 0) return '$0.00';
  if (usd < 10) return `$${usd.toFixed(2)}`;
  if (usd < 1000) return `$${usd.toFixed(1)}`;
  return `$${(usd / 1000).toFixed(1)}k`;
}

/** "950", "12.3k", "4.5M". */
export function formatTokens(n: number): string {
  if (!Number.isFinite(n) || n < 1000) return String(Math.max(0, Math.round(n || 0)));
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** A readable local time for tooltips and the timeline. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** The first non-empty line of a text, trimmed and cut to `max` characters. */
export function firstLine(text: string | null, max = 120): string {
  if (!text) return '';
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const t = line.trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export const activityLabels: Record<string, string> = {
  starting: 'starting',
  working: 'working',
  idle: 'idle',
  waiting_input: 'needs input',
  blocked: 'blocked',
  exited: 'exited',
  unknown: 'unknown',
};

/** How an issue is named: its tracker key (`ENG-42`, `PROJ-7`), or `#42` for a GitHub issue. */
export function issueLabel(issue: { number: number; key?: string }): string {
  return issue.key ?? `#${issue.number}`;
}
