import type { OrchestratorStatus } from '@ao/shared/config-orchestrator';
import { Command } from 'commander';
import type { Client } from '../client';

function line(o: OrchestratorStatus): string {
  const scope = o.key === '*' ? `all projects (${o.projects.join(', ')})` : o.key;
  const parts = [
    `${scope}: ${o.state}${o.reason ? ` (${o.reason})` : ''}`,
    `  agent ${o.agent}, session ${o.sessionId ?? '-'}`,
    `  wakes ${o.wakesLastHour}/${o.maxWakesPerHour} this hour, tokens ${o.tokensToday}/${o.tokensPerDay || '∞'} today`,
    `  pending triggers ${o.pending}, last wake ${o.lastWakeAt?.replace('T', ' ').slice(0, 19) ?? 'never'}`,
  ];
  return parts.join('\n');
}

const print = (list: OrchestratorStatus[], json?: boolean) => {
  if (json) return console.log(JSON.stringify(list, null, 2));
  if (!list.length)
    return console.log('no orchestrator enabled (set orchestrator.enabled: true in ao.config.yaml)');
  console.log(list.map(line).join('\n'));
};

/** `ao orchestrator start|stop|status`. */
export function orchestratorCommand(client: () => Client): Command {
  const cmd = new Command('orchestrator').description(
    "the orchestrator agent: a session that oversees the fleet through ao's MCP tools, woken by events with a " +
      'bounded digest (a reaction out of budget, a stuck or blocked agent, a worker asking, a permission prompt past ' +
      'its grace time, a briefing due); budgets on wakes per hour and tokens per day',
  );
  cmd
    .command('status')
    .description(
      'each orchestrator: running, stopped or budget_spent, wakes and tokens against their budgets',
    )
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const { orchestrators } = await client().get<{ orchestrators: OrchestratorStatus[] }>(
        '/api/orchestrator',
      );
      print(orchestrators, opts.json);
    });
  for (const verb of ['start', 'stop'] as const) {
    cmd
      .command(verb)
      .description(
        verb === 'start'
          ? 'start (or bring back) the orchestrator of a project with orchestrator.enabled: true'
          : 'stop the orchestrator (its triggers then go to the human; `ao up` leaves it stopped until start)',
      )
      .option('--project <id>', 'the project (default: the only one)')
      .option('--json', 'machine-readable output')
      .action(async (opts: { project?: string; json?: boolean }) => {
        const body = opts.project ? { project: opts.project } : {};
        const { orchestrator } = await client().post<{ orchestrator: OrchestratorStatus }>(
          `/api/orchestrator/${verb}`,
          body,
        );
        print([orchestrator], opts.json);
      });
  }
  return cmd.addHelpText(
    'after',
    '\nExamples:\n  ao orchestrator status\n  ao orchestrator start --project api',
  );
}
