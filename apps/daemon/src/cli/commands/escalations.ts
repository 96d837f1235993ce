import type { EscalationAction, EscalationDecision } from '@ao/shared/escalations';
import type { Escalation } from '@ao/shared/events-mcp';
import { Command } from 'commander';
import { CliError, type Client } from '../client';
import { age } from '../format';
import { safe } from './brief';

const actionText = (a: EscalationAction | null): string =>
  !a ? '-' : a.kind === 'send_message' ? `send_message ${a.session}: ${a.text}` : `${a.kind} ${a.session}`;

/** One escalation in full: the summary and recommendation are an agent's words (control characters escaped). */
function describe(e: Escalation): string {
  const lines = [
    `#${e.id}  ${e.sessionId ?? e.project ?? 'fleet'}  ${age(e.createdAt)} ago`,
    `  summary:        ${safe(e.summary)}`,
    `  recommendation: ${safe(e.recommendation)}`,
    `  on accept:      ${safe(actionText(e.action))}`,
  ];
  if (e.error) lines.push(`  last failure:   ${safe(e.error)}`);
  if (e.resolution) {
    const r = e.resolution;
    lines.push(`  resolved:       ${r.decision} by ${r.resolvedBy} ${age(r.resolvedAt)} ago`);
    if (r.text) lines.push(`  text:           ${safe(r.text)}`);
    if (r.outcome) lines.push(`  outcome:        ${safe(r.outcome)}`);
    lines.push(`  orchestrator:   ${r.deliveredToOrchestrator ? 'told' : 'none running (stored only)'}`);
  }
  return lines.join('\n');
}

async function list(client: Client, opts: { all?: boolean; json?: boolean }): Promise<void> {
  const state = opts.all ? 'all' : 'open';
  const { escalations } = await client.get<{ escalations: Escalation[] }>(`/api/escalations?state=${state}`);
  if (opts.json) return console.log(JSON.stringify(escalations, null, 2));
  if (escalations.length === 0) return console.log(opts.all ? 'no escalations' : 'no open escalations');
  console.log(escalations.map(describe).join('\n\n'));
  if (!opts.all) console.log('\nResolve with: ao escalations resolve <id> accept|reject|answer [text]');
}

async function resolve(
  client: Client,
  id: string,
  decision: string,
  words: string[],
  opts: { json?: boolean },
): Promise<void> {
  if (!/^\d+$/.test(id)) throw new CliError(`escalation id must be a number, not "${id}"`);
  if (!['accept', 'reject', 'answer'].includes(decision))
    throw new CliError(`decision must be accept, reject or answer, not "${decision}"`);
  const text = words.join(' ').trim();
  if (decision === 'answer' && !text)
    throw new CliError('answer needs the text: ao escalations resolve 3 answer "..."');
  const body: { decision: EscalationDecision; text?: string } = { decision: decision as EscalationDecision };
  if (text) body.text = text;
  const { escalation } = await client.post<{ escalation: Escalation }>(
    `/api/escalations/${id}/resolve`,
    body,
  );
  if (opts.json) return console.log(JSON.stringify(escalation, null, 2));
  console.log(describe(escalation));
}

/** `ao escalations [--all] [--json]` and `ao escalations resolve <id> accept|reject|answer [text...]`. */
export function escalationsCommand(client: () => Client): Command {
  const cmd = new Command('escalations')
    .description(
      'decisions the orchestrator handed to you: summary, recommended decision, what accepting does',
    )
    .option('--all', 'resolved ones too')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nExamples:\n  ao escalations\n  ao escalations resolve 3 accept\n  ao escalations resolve 4 answer "ship it without the flag"',
    )
    .action((opts: { all?: boolean; json?: boolean }) => list(client(), opts));
  cmd
    .command('resolve <id> <decision> [text...]')
    .description(
      'accept (carry out the recommended action), reject, or answer with text; the orchestrator is told',
    )
    .option('--json', 'machine-readable output')
    .action((id: string, decision: string, words: string[], opts: { json?: boolean }) =>
      resolve(client(), id, decision, words, opts),
    );
  return cmd;
}
