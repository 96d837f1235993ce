import type { Report } from '@ao/shared/report';
import { query, type ReportWindow } from './window';

const KINDS = ['human', 'bot', 'agent'] as const;

/** Reviews and inline comments by reviewer kind (human, bot, agent), and each kind's share of all of them. */
export function reviewsByKind(w: ReportWindow): Report['reviewers'] {
  const rows = query<{ kind: string; reviews: number; comments: number }>(
    w,
    `SELECT r.author_kind AS kind, sum(r.kind = 'review') AS reviews, sum(r.kind = 'comment') AS comments
       FROM review_items r JOIN session_outcomes o ON o.session_id = r.session_id
      WHERE $P AND r.first_seen_at >= @s AND r.first_seen_at < @u
      GROUP BY r.author_kind`,
    'o.project_id',
  );
  const total = rows.reduce((n, r) => n + r.reviews + r.comments, 0);
  return KINDS.map((kind) => {
    const r = rows.find((x) => x.kind === kind);
    const reviews = r?.reviews ?? 0;
    const inlineComments = r?.comments ?? 0;
    return { kind, reviews, inlineComments, share: total ? (reviews + inlineComments) / total : 0 };
  });
}
