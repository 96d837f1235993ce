import type { Question } from '@ao/shared/questions';
import type { Client } from '../client';
import { followEvents } from '../follow-events';

export interface AskOutput {
  /** A part of the answer, as the orchestrator sends it. */
  part(text: string): void;
  /** What happens meanwhile (the orchestrator took the question, works on it). */
  note(text: string): void;
}

const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};

/**
 * Asks once the event stream is open (so nothing it says about the question is missed), then prints the answer part
 * by part as the orchestrator sends it (`answer_human` with `final: false`), with what it does meanwhile. Resolves with
 * the question when the answer is complete, or as it stands after `timeoutSec`.
 */
export async function streamAnswer(
  client: Client,
  ask: () => Promise<Question>,
  timeoutSec: number,
  out: AskOutput,
): Promise<Question> {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), timeoutSec * 1000);
  let question: Question | null = null;
  let orchestrator: string | null = null;
  let working = false;
  let failed: unknown = null;
  let shown = 0; // answer characters printed
  const show = (q: Question) => {
    const answer = q.answer ?? '';
    if (answer.length > shown) out.part(answer.slice(shown === 0 ? 0 : shown + 1)); // parts are joined by \n
    shown = answer.length;
    question = q;
  };
  try {
    await followEvents(
      client,
      async (type, event) => {
        const d = record(record(event)['data']); // an event is {id, type, at, data}
        if (type === 'snapshot' && question === null) {
          try {
            question = await ask();
          } catch (err) {
            failed = err; // refused (a bad body, no orchestrator): asked once, never again on a reconnect
            return 'stop';
          }
          out.note(`asked the orchestrator (question #${question.id}); its answer follows as it comes…`);
          return undefined;
        }
        if (question === null) return undefined;
        const q = record(d['question']) as unknown as Question;
        if ((type === 'question.progress' || type === 'question.answered') && q.id === question.id) {
          show(q);
          return q.answeredAt ? 'stop' : undefined;
        }
        if (
          type === 'orchestrator.woken' &&
          (d['triggers'] as string[] | undefined)?.includes('human_question')
        ) {
          orchestrator = String(d['sessionId']);
          out.note(`the orchestrator (${orchestrator}) took it`);
        }
        const s = record(d['session']);
        if (type === 'session.activity' && s['id'] === orchestrator && d['to'] === 'working' && !working) {
          working = true;
          out.note('the orchestrator is working on it');
        }
        return undefined;
      },
      stop.signal,
    );
  } finally {
    clearTimeout(timer);
    stop.abort();
  }
  if (failed !== null) throw failed;
  if (question === null) throw new Error('the daemon did not open its event stream in time');
  return question;
}
