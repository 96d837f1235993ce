import type { Message, MessageState } from '@ao/shared/session';

/**
 * Messages to agents as the dashboard knows them: rows from `GET /api/sessions/:id/messages`, then every
 * `session.message` event. The newest copy of a row wins (its `updatedAt`); on a tie, the state further along does
 * (a reply and an event written in the same millisecond).
 */
const progress: Record<MessageState, number> = {
  sending: 0,
  sent: 1,
  queued: 1,
  failed: 2,
  dropped: 3,
  delivered: 3,
};

/** How many messages are kept per session (the messages route answers at most 200). */
export const messagesCap = 200;

function newer(a: Message, b: Message): boolean {
  const ta = Date.parse(a.updatedAt);
  const tb = Date.parse(b.updatedAt);
  if (ta !== tb) return ta > tb;
  return progress[a.state] > progress[b.state];
}

/** The list with `m` in it (inserted in id order, or replacing an older copy of the same row). */
export function mergeMessage(list: readonly Message[], m: Message): readonly Message[] {
  const i = list.findIndex((x) => x.id === m.id);
  if (i >= 0) {
    const cur = list[i] as Message;
    if (!newer(m, cur)) return list;
    return list.map((x, j) => (j === i ? m : x));
  }
  const next = [...list, m];
  if (list.length > 0 && (list[list.length - 1] as Message).id > m.id) next.sort((a, b) => a.id - b.id);
  return next.length > messagesCap ? next.slice(-messagesCap) : next;
}

/** Merges the rows the messages route answered into what events already brought. */
export function mergeMessages(list: readonly Message[], rows: readonly Message[]): readonly Message[] {
  let out = list;
  for (const m of rows) out = mergeMessage(out, m);
  return out;
}

export type DeliveryTone = 'neutral' | 'info' | 'good' | 'warn' | 'bad';

export interface DeliveryView {
  label: string;
  /** One honest sentence about where the message is. */
  text: string;
  tone: DeliveryTone;
  /** True when nothing more will happen to it. */
  final: boolean;
}

/** What to tell the user about a message in `state` (with the daemon's detail, if any). */
export function deliveryView(state: MessageState, detail: string | null): DeliveryView {
  const why = detail ? ` (${detail})` : '';
  switch (state) {
    case 'sending':
      return {
        label: 'sending',
        text: 'Typed into the agent; waiting for it to take the message.',
        tone: 'info',
        final: false,
      };
    case 'queued':
      return {
        label: 'queued',
        text: 'Queued: the agent is busy; it will take this with its next turn.',
        tone: 'warn',
        final: false,
      };
    case 'delivered':
      return {
        label: 'delivered',
        text: 'Delivered: the agent started a turn with it.',
        tone: 'good',
        final: true,
      };
    case 'sent':
      return {
        label: 'sent',
        text: 'Typed and submitted. This agent gives no delivery signal, so ao cannot confirm it was taken.',
        tone: 'neutral',
        final: true,
      };
    case 'failed':
      return { label: 'failed', text: `Not taken by the agent${why}.`, tone: 'bad', final: false };
    case 'dropped':
      return { label: 'dropped', text: `Dropped: the agent discarded it${why}.`, tone: 'bad', final: true };
  }
}
