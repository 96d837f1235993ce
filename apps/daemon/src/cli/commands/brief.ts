import { Command } from 'commander';
import type { Client } from '../client';

interface BriefingReply {
  briefing: { project: string; text: string; publishedAt: string } | null;
}

/** The briefing is written by an agent (untrusted text): control characters are shown escaped, never sent raw. */
export const safe = (text: string): string =>
  text.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );

export async function printBriefing(
  client: Client,
  opts: { project?: string; json?: boolean },
): Promise<void> {
  const project = opts.project ?? '*';
  const { briefing } = await client.get<BriefingReply>(`/api/briefing?${new URLSearchParams({ project })}`);
  if (opts.json) return console.log(JSON.stringify(briefing, null, 2));
  const which = project === '*' ? 'the fleet' : `project ${project}`;
  if (!briefing)
    return console.log(
      `no briefing published for ${which} yet (an orchestrator publishes it with the MCP tool publish_briefing)`,
    );
  console.log(
    `Briefing for ${which}, published ${briefing.publishedAt.replace('T', ' ').slice(0, 19)} UTC\n`,
  );
  console.log(safe(briefing.text));
}

/** `ao brief [--project <id>] [--json]`. */
export function briefCommand(client: () => Client): Command {
  return new Command('brief')
    .description("the orchestrator's latest briefing: what blocks what, what to merge first, what needs you")
    .option('--project <id>', "a project's briefing (default: the fleet's)")
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  ao brief\n  ao brief --project api')
    .action((opts: { project?: string; json?: boolean }) => printBriefing(client(), opts));
}
