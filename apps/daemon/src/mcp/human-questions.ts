import { badRequest, conflict, notFound } from '@ao/shared/errors';
import { ANSWER_MAX_CHARS, type Question } from '@ao/shared/questions';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open-db';
import { humanQuestions } from '../db/schema';
import type { EventBus } from '../events/event-bus';

const toQuestion = (r: typeof humanQuestions.$inferSelect): Question => ({
  id: r.id,
  project: r.projectId,
  text: r.text,
  from: r.from,
  askedAt: r.askedAt,
  answer: r.answer,
  answeredAt: r.answeredAt,
});

/** Questions people ask the orchestrator and its answers, each change with its event in the same transaction. */
export class HumanQuestions {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {}

  ask(project: string, text: string, from: string): Question {
    const askedAt = new Date().toISOString();
    return this.bus.transaction((tx, emit) => {
      const row = tx
        .insert(humanQuestions)
        .values({ projectId: project, text, from, askedAt })
        .returning()
        .get();
      const question = toQuestion(row);
      emit('question.asked', { question });
      return question;
    });
  }

  get(id: number): Question {
    const row = this.db.select().from(humanQuestions).where(eq(humanQuestions.id, id)).get();
    if (!row) throw notFound(`no question ${id}`);
    return toQuestion(row);
  }

  /**
   * Adds the orchestrator's answer, or a part of it (`final: false`: shown at once, more follows). Each part is its
   * own event; the last sets `answeredAt`. 409 once answered; 400 past ANSWER_MAX_CHARS in all.
   */
  answer(id: number, text: string, final = true): Question {
    const at = new Date().toISOString();
    return this.bus.transaction((tx, emit) => {
      const row = tx.select().from(humanQuestions).where(eq(humanQuestions.id, id)).get();
      if (!row) throw notFound(`no question ${id}`);
      if (row.answeredAt) throw conflict(`question ${id} was answered already`);
      const answer = row.answer ? `${row.answer}\n${text}` : text;
      if (answer.length > ANSWER_MAX_CHARS)
        throw badRequest(`the answer would pass ${ANSWER_MAX_CHARS} characters in all: finish it`, 'text');
      const answeredAt = final ? at : null;
      tx.update(humanQuestions).set({ answer, answeredAt }).where(eq(humanQuestions.id, id)).run();
      const question = toQuestion({ ...row, answer, answeredAt });
      if (final) emit('question.answered', { question });
      else emit('question.progress', { question, part: text });
      return question;
    });
  }

  /** The question once answered: at once if it is, else when `question.answered` comes, or null past `timeoutMs`. */
  waitForAnswer(id: number, timeoutMs: number): Promise<Question | null> {
    const now = this.get(id);
    if (now.answeredAt) return Promise.resolve(now);
    return new Promise((resolve) => {
      const done = (q: Question | null) => {
        clearTimeout(timer);
        off();
        resolve(q);
      };
      const off = this.bus.subscribe((e) => {
        if (e.type === 'question.answered' && e.data.question.id === id) done(e.data.question);
      });
      const timer = setTimeout(() => done(null), timeoutMs);
      timer.unref();
    });
  }
}
