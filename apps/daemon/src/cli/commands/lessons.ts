import type { Lesson } from '@ao/shared/lessons';
import { Command } from 'commander';
import type { Client } from '../client';
import { table } from '../format';

/** Lesson texts come from retros (check names from CI) and people: control characters are shown escaped. */
const safe = (text: string): string =>
  text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

const id = (raw: string): number => {
  if (!/^\d{1,9}$/.test(raw)) throw new Error(`not a lesson id: ${raw} (see \`ao lessons\`)`);
  return Number(raw);
};

async function listLessons(client: Client, opts: { project?: string; all?: boolean; json?: boolean }) {
  const q = new URLSearchParams();
  if (opts.project) q.set('project', opts.project);
  if (opts.all) q.set('all', '1');
  const { lessons } = await client.get<{ lessons: Lesson[] }>(`/api/lessons${q.size ? `?${q}` : ''}`);
  if (opts.json) return console.log(JSON.stringify(lessons, null, 2));
  if (!lessons.length) return console.log('no lessons yet (retros propose them; `ao lessons add <text>`)');
  console.log(
    table([
      ['ID', 'PROJECT', 'STATE', 'FROM', 'LESSON'],
      ...lessons.map((l) => [
        String(l.id),
        l.project,
        l.state,
        l.sessionId ? `${l.source} ${l.sessionId}` : l.source,
        safe(l.text),
      ]),
    ]),
  );
}

const show = (verb: string, l: Lesson) =>
  console.log(`${verb} lesson ${l.id} (${l.project}): ${safe(l.text)}`);

/** `ao lessons [--project] [--all]`, `ao lessons accept|reject <id>`, `ao lessons add <text>`. */
export function lessonsCommand(client: () => Client, cwdProject: () => string | undefined): Command {
  const cmd = new Command('lessons')
    .description(
      "lessons per project: proposed by finished sessions' retros, accepted or rejected by you; accepted ones are " +
        "given to new sessions through the agent's system prompt",
    )
    .option('--project <id>', 'project (default: the repository you are in, else every project)')
    .option('--all', 'rejected lessons too')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nExamples:\n  ao lessons\n  ao lessons accept 3 --text "Run npm run lint before pushing"\n  ao lessons reject 4\n' +
        '  ao lessons add "Never edit generated files under src/gen"',
    )
    .action((opts: { project?: string; all?: boolean; json?: boolean }) =>
      listLessons(client(), { ...opts, project: opts.project ?? cwdProject() }),
    );
  cmd
    .command('accept <id>')
    .description('accept a proposed lesson (new sessions get it), optionally with your own wording')
    .option('--text <text>', 'the lesson as you want it worded')
    .action(async (raw: string, opts: { text?: string }) => {
      const body = { by: 'cli', ...(opts.text !== undefined ? { text: opts.text } : {}) };
      show(
        'accepted',
        (await client().post<{ lesson: Lesson }>(`/api/lessons/${id(raw)}/accept`, body)).lesson,
      );
    });
  cmd
    .command('reject <id>')
    .description('reject a proposed lesson (it is not proposed again)')
    .action(async (raw: string) => {
      show(
        'rejected',
        (await client().post<{ lesson: Lesson }>(`/api/lessons/${id(raw)}/reject`, { by: 'cli' })).lesson,
      );
    });
  cmd
    .command('add <text>')
    .description('add a lesson of your own (accepted at once)')
    .option('--project <id>', 'project (default: the repository you are in, or the only one)')
    .action(async (text: string, opts: { project?: string }) => {
      const project = opts.project ?? cmd.opts<{ project?: string }>().project ?? cwdProject();
      const body = { text, ...(project ? { project } : {}) };
      show('added', (await client().post<{ lesson: Lesson }>('/api/lessons', body)).lesson);
    });
  return cmd;
}
