import { conflict, notFound } from '@ao/shared/errors';
import type { Question } from '@ao/shared/questions';
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

  answer(id: number, text: string): Question {
    const answeredAt = new Date().toISOString();
    return this.bus.transaction((tx, emit) => {
      const row = tx.select().from(humanQuestions).where(eq(humanQuestions.id, id)).get();
      if (!row) throw notFound(`no question ${id}`);
      if (row.answeredAt) throw conflict(`question ${id} was answered already`);
      tx.update(humanQuestions).set({ answer: text, answeredAt }).where(eq(humanQuestions.id, id)).run();
      const question = toQuestion({ ...row, answer: text, answeredAt });
      emit('question.answered', { question });
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
