import type { Question } from '@ao/shared/questions';
import { Command, InvalidArgumentError } from 'commander';
import type { Client } from '../client';
import { streamAnswer } from './ask-stream';
import { safe } from './brief';

const seconds = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of seconds');
  return n;
};

/** Waits for the answer in long polls of at most 60 s, up to `timeoutSec` in all. */
async function awaitAnswer(client: Client, id: number, timeoutSec: number): Promise<Question> {
  const deadline = Date.now() + timeoutSec * 1000;
  for (;;) {
    const left = Math.ceil((deadline - Date.now()) / 1000);
    const waitSec = Math.max(0, Math.min(60, left));
    const { question } = await client.get<{ question: Question }>(`/api/questions/${id}?waitSec=${waitSec}`);
    if (question.answeredAt || left <= 0) return question;
  }
}

/** `ao ask "<question>"`: asks the orchestrator and prints its answer when it comes. */
export function askCommand(client: () => Client, cwdProject: () => string | undefined): Command {
  return new Command('ask')
    .description(
      'asks the orchestrator a question (it looks with its fleet tools and answers with answer_human); prints the ' +
        'answer as it comes, part by part, with what the orchestrator does meanwhile on stderr (--json: waits for ' +
        'the whole answer). `--show <n>` prints question n and its answer',
    )
    .argument('[question...]', 'the question')
    .option(
      '--project <id>',
      "the project whose orchestrator answers (default: this directory's, else the first running)",
    )
    .option('--timeout <seconds>', 'how long to wait for the answer', seconds, 300)
    .option('--show <n>', 'print an earlier question and its answer', seconds)
    .option('--json', 'machine-readable output')
    .action(
      async (words: string[], opts: { project?: string; timeout: number; show?: number; json?: boolean }) => {
        const c = client();
        let question: Question;
        if (opts.show)
          question = (await c.get<{ question: Question }>(`/api/questions/${opts.show}`)).question;
        else {
          const text = words.join(' ').trim();
          if (!text)
            throw new InvalidArgumentError('give the question, e.g. ao ask "which PR should merge first?"');
          const project = opts.project ?? cwdProject();
          const ask = async () =>
            (
              await c.post<{ question: Question }>('/api/ask', {
                question: text,
                ...(project ? { project } : {}),
              })
            ).question;
          if (opts.json) question = await awaitAnswer(c, (await ask()).id, opts.timeout);
          else {
            question = await streamAnswer(c, ask, opts.timeout, {
              part: (t) => console.log(safe(t)),
              note: (t) => console.error(t),
            });
            if (question.answeredAt) return;
          }
        }
        if (opts.json) return console.log(JSON.stringify(question, null, 2));
        if (!question.answeredAt) {
          if (opts.show && question.answer) console.log(safe(question.answer));
          const what = question.answer
            ? `the answer to question #${question.id} is not complete`
            : `no answer to question #${question.id}`;
          console.log(`${what} yet (ao ask --show ${question.id} later)`);
          process.exitCode = 2;
          return;
        }
        console.log(safe(question.answer ?? ''));
      },
    );
}
