import type { ChecksReply } from '@ao/shared/api-checks';
import { Command } from 'commander';
import type { Client } from '../client';
import { table } from '../format';

/** Control characters in data from GitHub (check names, branches) are shown escaped, never sent to the terminal. */
const safe = (text: string): string =>
  text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

export async function listChecks(
  client: Client,
  opts: { flaky?: boolean; project?: string; json?: boolean },
): Promise<void> {
  const query = new URLSearchParams();
  if (opts.flaky) query.set('flaky', '1');
  if (opts.project) query.set('project', opts.project);
  const { checks } = await client.get<ChecksReply>(`/api/checks${query.size ? `?${query}` : ''}`);
  if (opts.json) return console.log(JSON.stringify(checks, null, 2));
  if (!checks.length)
    return console.log(opts.flaky ? 'no flaky checks seen' : 'no failing checks classified');
  console.log(
    table([
      ['CHECK', 'PR/BRANCH', 'SHA', 'CLASS', 'REASON', 'LAST SEEN'],
      ...checks.map((c) => [
        safe(c.check),
        safe(c.prNumber !== null ? `#${c.prNumber} ${c.branch ?? ''}`.trim() : (c.branch ?? '-')),
        c.sha.slice(0, 7),
        c.class,
        safe(c.reason),
        c.lastSeen.replace('T', ' ').slice(0, 19),
      ]),
    ]),
  );
}

/** `ao checks [--flaky] [--project <id>] [--json]`. */
export function checksCommand(client: () => Client, cwdProject: () => string | undefined): Command {
  return new Command('checks')
    .description(
      'failing CI checks ao classified: flaky (re-run once before waking the agent), broken-base (nobody woken, ' +
        'you are told once) or real, with why',
    )
    .option('--flaky', 'only the flaky ones')
    .option('--project <id>', 'project (default: the repository you are in, else every project)')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  ao checks\n  ao checks --flaky --project api')
    .action((opts: { flaky?: boolean; project?: string; json?: boolean }) =>
      listChecks(client(), { ...opts, project: opts.project ?? cwdProject() }),
    );
}
