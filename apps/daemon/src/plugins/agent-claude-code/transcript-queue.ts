import type { AgentObservation } from '@ao/shared/plugin';

/** A message Claude holds while busy: `waiting` in its queue, `taken` into the running turn, `dequeued` for a new one. */
export interface QueuedEntry {
  text: string;
  state: 'waiting' | 'taken' | 'dequeued';
  /** When it left the queue (taken or dequeued), ISO. */
  at?: string;
}

const MAX = 50;
const PUT_BACK = 'Claude put it back into its prompt box, unsent';
/** `remove` reasons that mean a queued message was thrown away (2.1.332; `absorbed_mid_turn` means it was taken). */
const DISCARDED = new Set(['cleared_on_cancel', 'dropped_by_hook']);

/**
 * Follows Claude Code's input queue from the transcript's `queue-operation` lines (verified on 2.1.197 and 2.1.332):
 * - `enqueue` (content): typed while busy: `queued`, not yet delivered;
 * - `remove` (content on 2.1.332 only): taken into the running turn, confirmed by a `queued_command` attachment
 *   (2.1.332 gives the reason `absorbed_mid_turn`); the reasons `cleared_on_cancel` and `dropped_by_hook` mean it
 *   was discarded instead;
 * - `dequeue`: popped to start a new turn, confirmed by a user line (`promptSource: "queued"`); after a second
 *   Escape no user line follows, the text goes back into the prompt box unsent (`dropped` once Claude is idle);
 * - `popAll` / `popOne` (content): the user pulled it back into the prompt box to edit it: `dropped`.
 */
export class QueueTracker {
  private entries: QueuedEntry[] = [];

  constructor(saved: readonly QueuedEntry[] = []) {
    this.entries = saved.slice(-MAX).map((e) => ({ ...e }));
  }

  snapshot(): QueuedEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  operation(rec: Record<string, unknown>, at: string): AgentObservation[] {
    const content = typeof rec['content'] === 'string' ? rec['content'] : undefined;
    const reason = typeof rec['reason'] === 'string' ? rec['reason'] : undefined;
    switch (rec['operation']) {
      case 'enqueue':
        if (content === undefined) return [];
        this.entries.push({ text: content, state: 'waiting' });
        if (this.entries.length > MAX) this.entries.shift();
        return [{ queued: { text: content, at } }];
      case 'remove': {
        const e = this.pick(content);
        if (!e) return [];
        if (reason && DISCARDED.has(reason))
          return this.drop([e], `Claude discarded it (${reason.replace(/_/g, ' ')})`, at);
        Object.assign(e, { state: 'taken', at });
        return [];
      }
      case 'dequeue': {
        const e = this.pick(content);
        if (e) Object.assign(e, { state: 'dequeued', at });
        return [];
      }
      case 'popAll':
      case 'popOne': {
        const e = this.pick(content);
        return e ? this.drop([e], `${PUT_BACK} (pulled back to be edited)`, at) : [];
      }
      default:
        return [];
    }
  }

  /** A text reached the model (a queued_command attachment or a user line): forget its entry. */
  delivered(text: string): void {
    const i = this.entries.findIndex((e) => e.text === text);
    if (i !== -1) this.entries.splice(i, 1);
  }

  /**
   * A user line started a turn: entries it contains are delivered (several queued messages may start one turn);
   * entries dequeued earlier that it does not contain never started: dropped.
   */
  turnStarted(text: string, at: string): AgentObservation[] {
    const out: AgentObservation[] = [];
    const inTurn = this.entries.filter((e) => e.state !== 'waiting' && text.includes(e.text));
    for (const e of inTurn) if (e.text !== text) out.push({ userTurn: { text: e.text, at } });
    this.entries = this.entries.filter((e) => !inTurn.includes(e));
    const lost = this.entries.filter((e) => e.state === 'dequeued');
    return [...out, ...this.drop(lost, `${PUT_BACK} (interrupted before its turn started)`, at)];
  }

  /** Claude is idle: what it dequeued but never started a turn with went back into its prompt box. */
  idle(at: string, olderThanMs: number): AgentObservation[] {
    const cutoff = Date.parse(at) - olderThanMs;
    const lost = this.entries.filter((e) => e.state === 'dequeued' && Date.parse(e.at ?? at) <= cutoff);
    return this.drop(lost, `${PUT_BACK} (interrupted)`, at);
  }

  private pick(content: string | undefined): QueuedEntry | undefined {
    const open = this.entries.filter((e) => e.state === 'waiting');
    return content === undefined ? open[0] : (open.find((e) => e.text === content) ?? open[0]);
  }

  private drop(lost: QueuedEntry[], reason: string, at: string): AgentObservation[] {
    if (lost.length === 0) return [];
    this.entries = this.entries.filter((e) => !lost.includes(e));
    return [{ dropped: { texts: lost.map((e) => e.text), reason, at } }];
  }
}
