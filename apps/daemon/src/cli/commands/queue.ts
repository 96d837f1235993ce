import type { MergeQueueReply } from '@ao/shared/api-merge-queue';
import { Command } from 'commander';
import type { Client } from '../client';
import { table } from '../format';

/** Branch names come from sessions and GitHub: control characters are shown escaped, never sent to the terminal. */
const safe = (text: string): string =>
  text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

export async function showQueue(client: Client, opts: { project?: string; json?: boolean }): Promise<void> {
  const query = opts.project ? `?${new URLSearchParams({ project: opts.project })}` : '';
  const { projects } = await client.get<MergeQueueReply>(`/api/merge-queue${query}`);
  if (opts.json) return console.log(JSON.stringify(projects, null, 2));
  for (const p of projects) {
    const auto =
      typeof p.autoMerge === 'boolean' ? (p.autoMerge ? 'on' : 'off') : `label ${p.autoMerge.label}`;
    console.log(`${p.project}: queue ${p.enabled ? 'on' : 'off'}, auto-merge ${auto}, into ${safe(p.base)}`);
    if (p.held) console.log(`  held: ${safe(p.held)}`);
    if (p.lastMerged)
      console.log(
        `  last merged: #${p.lastMerged.prNumber} (${p.lastMerged.sessionId}) at ${p.lastMerged.at}`,
      );
    if (!p.items.length) {
      console.log('  no open PRs');
      continue;
    }
    console.log(
      table([
        ['#', 'SESSION', 'PR', 'BRANCH', 'STATE', 'WHY'],
        ...p.items.map((i) => [
          String(i.position),
          i.sessionId,
          `#${i.prNumber}`,
          safe(i.branch),
          i.state,
          safe(i.reason),
        ]),
      ]),
    );
  }
}

/** `ao queue [--project <id>] [--json]`. */
export function queueCommand(client: () => Client, cwdProject: () => string | undefined): Command {
  return new Command('queue')
    .description(
      'the merge queue (merge.queue in the config): open PRs in the order they merge (blockers first, then ' +
        'oldest), and why each one waits',
    )
    .option('--project <id>', 'project (default: the repository you are in, else every project)')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  ao queue\n  ao queue --project api --json')
    .action((opts: { project?: string; json?: boolean }) =>
      showQueue(client(), { ...opts, project: opts.project ?? cwdProject() }),
    );
}
