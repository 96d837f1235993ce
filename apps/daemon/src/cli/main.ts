import { Command, Option } from 'commander';
import { configJsonSchema } from '../config/config-json-schema';
import { loadProjectConfig } from '../config/load-project-config';
import { builtinPlugins } from '../plugins/builtin';
import { CliError, Client } from './client';
import { askCommand } from './commands/ask';
import { attach } from './commands/attach';
import { briefCommand } from './commands/brief';
import { checksCommand } from './commands/checks';
import { escalationsCommand } from './commands/escalations';
import { issues, merge, webhook } from './commands/github';
import { init } from './commands/init';
import { lessonsCommand } from './commands/lessons';
import { mcpBridge, mcpRevoke, mcpToken } from './commands/mcp';
import { openInTerminal } from './commands/open-terminal';
import { orchestratorCommand } from './commands/orchestrator';
import { pluginCommands } from './commands/plugins';
import { queueCommand } from './commands/queue';
import { report } from './commands/report';
import { kill, logs, messages, restore, send, start, status } from './commands/sessions';
import { down, up, version } from './commands/up';
import { dataDirFrom, findConfig } from './paths';

const program = new Command('ao')
  .description(
    'Run fleets of AI coding agents in parallel, each in its own worktree, watched from one dashboard.',
  )
  .version(version)
  .option('--data-dir <dir>', 'data directory (default: $AO_HOME or ~/.ao)')
  .showHelpAfterError()
  .addHelpText(
    'after',
    `
Examples:
  ao up                          start the daemon (prints the dashboard login URL)
  ao init                        write ao.config.yaml for the repository you are in
  ao start --prompt "Fix the flaky login test"
  ao status --watch              live table of sessions
  ao attach myrepo-3             watch and type into a session's terminal
  ao attach myrepo-3 --open      open it in a new window of your terminal application
Docs: README.md ("CLI reference", "Configuration").`,
  );

const dataDir = () => dataDirFrom(program.opts<{ dataDir?: string }>().dataDir, process.env);
const client = () => Client.fromDataDir(dataDir(), process.env);
/** The project of the repository the command runs in, when it has an ao.config.yaml. */
const cwdProject = () => {
  const file = findConfig(process.cwd());
  if (!file) return undefined;
  try {
    return loadProjectConfig(file, process.env).config.project.id;
  } catch {
    return undefined; // a broken config: the daemon reports it when the project is used
  }
};
const collect = (v: string, acc: string[]) => [...acc, v];

program
  .command('up')
  .description('run the daemon (foreground; --detach for background)')
  .option('-p, --port <port>', 'port', process.env.AO_PORT ?? '3000')
  .option('--host <host>', 'address to bind (loopback by default)', process.env.AO_HOST ?? '127.0.0.1')
  .option('-c, --config <file>', 'ao.config.yaml to register (default: found from the current directory up)')
  .option('-d, --detach', 'run in the background with a pid file; `ao down` stops it')
  .option('--allowed-host <name>', 'extra Host header value to accept (repeatable)', collect, [])
  .option('--allowed-origin <origin>', 'extra Origin to accept, e.g. a dev server (repeatable)', collect, [])
  .addHelpText(
    'after',
    '\nExamples:\n  ao up\n  ao up --port 4000 --detach\n  ao up --data-dir /tmp/ao-test --config ./ao.config.yaml',
  )
  .action((opts) => up(dataDir(), opts, process.env));

program
  .command('down')
  .description('stop the background daemon (agents in tmux keep running)')
  .action(() => down(dataDir()));

program
  .command('init')
  .description('write a commented ao.config.yaml for this repository and register it')
  .option('--id <id>', 'project id (default: the folder name)')
  .option('--name <name>', 'display name')
  .option('--agent <name>', 'agent plugin', 'claude-code')
  .option('--runtime <name>', 'runtime plugin', 'tmux')
  .option('--workspace <name>', 'workspace plugin', 'worktree')
  .option(
    '--tracker <name>',
    'tracker plugin: github | linear | jira | none (default: github when origin is on GitHub)',
  )
  .option('-f, --force', 'overwrite an existing ao.config.yaml')
  .addHelpText(
    'after',
    '\nExamples:\n  ao init\n  ao init --tracker github --agent claude-code --runtime tmux',
  )
  .action((opts) => init(process.cwd(), dataDir(), opts, process.env));

program
  .command('start')
  .description(
    'spawn a session: branch + worktree from the default branch, the agent started, the prompt delivered',
  )
  .option('--prompt <text>', 'the task ("-" reads it from stdin)')
  .option(
    '--issue <id>',
    'work on a tracker issue: a GitHub number (42, #42), or a Linear/Jira key (ENG-42, PROJ-7; a bare number is in the configured team/project)',
  )
  .option('--agent <name>', "agent plugin (default: the project's)")
  .option('--runtime <name>', "runtime plugin (default: the project's)")
  .option('--branch <name>', 'branch name (default: ao/<id>-<slug>)')
  .option('--project <id>', 'project (default: the repository you are in, or the only one)')
  .addHelpText(
    'after',
    '\nExamples:\n  ao start --prompt "Add a --json flag to the export command"\n  ao start --issue 42 --agent codex\n  ao start --issue ENG-42    # tracker: linear\n  ao start --issue PROJ-7    # tracker: jira\n  cat task.md | ao start --prompt -',
  )
  .action((opts) => start(client(), opts, cwdProject()));

for (const name of ['status', 'ls']) {
  program
    .command(name)
    .description(
      name === 'ls' ? 'list sessions (same as status)' : 'sessions with status, activity, lane, branch, age',
    )
    .option('--json', 'machine-readable output')
    .option('-w, --watch', 'keep the table live')
    .option('--project <id>', 'only this project')
    .addHelpText(
      'after',
      `\nExamples:\n  ao ${name}\n  ao ${name} --watch\n  ao ${name} --json | jq '.[].lane'`,
    )
    .action((opts) => status(client(), opts));
}

program
  .command('attach <id>')
  .description("attach this terminal to a session's terminal (--open: a new terminal window or tab instead)")
  .option('--open', 'ask the daemon (on this machine) to open the session in your terminal application')
  .addHelpText(
    'after',
    `
--open uses the project's \`terminal:\` (default auto: iTerm2 on macOS, your tmux when the daemon runs inside tmux,
else kitty, wezterm, gnome-terminal or xterm with a display; or the one it names: iterm2, tmux, kitty, wezterm,
gnome-terminal, xterm). The terminal window opens on the daemon's machine: only a request from that machine is served.

Examples:
  ao attach myrepo-3                      (tmux: detach with Ctrl-b d)
  ao attach myrepo-3 --open`,
  )
  .action((id: string, opts: { open?: boolean }) =>
    opts.open ? openInTerminal(client(), id) : attach(client(), id),
  );

program
  .command('send <id> [message...]')
  .description('deliver a message to the agent (confirmed by its own signals when it has them)')
  .option(
    '-w, --wait',
    'when the agent is busy and queues it, wait until a turn starts with it (or it is dropped)',
  )
  .addHelpText(
    'after',
    `
Answers: delivered (a turn started with it), queued (the agent is busy and holds it for its next turn), or sent (this
agent cannot confirm). A queued message that the agent drops (interrupted, exited) shows as dropped in \`ao messages\`.

Examples:
  ao send myrepo-3 "Also update the changelog"
  ao send myrepo-3 --wait "Stop after this test passes"
  ao send myrepo-3 - < review-notes.md`,
  )
  .action((id: string, words: string[], opts: { wait?: boolean }) => send(client(), id, words, opts));

program
  .command('messages <id>')
  .description('messages to a session (its first prompt included) and how far each got')
  .option('--json', 'machine-readable output')
  .addHelpText(
    'after',
    '\nStates: sending, queued, delivered, sent (not confirmable), failed, dropped.\n\nExamples:\n  ao messages myrepo-3',
  )
  .action((id: string, opts: { json?: boolean }) => messages(client(), id, opts));

program
  .command('kill <id>')
  .description('stop the runtime; the worktree stays unless --remove-worktree')
  .option('--remove-worktree', 'also remove the worktree (refused with uncommitted or unpushed work)')
  .option(
    '-f, --force',
    'remove the worktree even with uncommitted or unpushed work; kill a pod (clone workspace) whose unpushed work could not be saved',
  )
  .addHelpText('after', '\nExamples:\n  ao kill myrepo-3\n  ao kill myrepo-3 --remove-worktree')
  .action((id: string, opts) => kill(client(), id, opts));

program
  .command('restore <id>')
  .description('bring back a session whose runtime died, in its worktree (resuming the agent where it can)')
  .addHelpText('after', '\nExamples:\n  ao restore myrepo-3')
  .action((id: string) => restore(client(), id));

program
  .command('logs [id]')
  .description("the daemon's log, or a session's terminal log")
  .addOption(new Option('--bytes <n>', 'how much of the end to show').default('65536'))
  .addHelpText('after', '\nExamples:\n  ao logs\n  ao logs myrepo-3 --bytes 200000')
  .action((id: string | undefined, opts) => logs(client(), id, opts));

program
  .command('approve <id>')
  .description("answer the agent's pending permission prompt with yes")
  .addHelpText('after', '\nExamples:\n  ao approve myrepo-3')
  .action(async (id: string) => {
    const { session } = await client().post<{ session: { id: string; activity: string } }>(
      `/api/sessions/${encodeURIComponent(id)}/approve`,
    );
    console.log(`${session.id}: approved`);
  });

program
  .command('merge <id>')
  .description("merge the session's PR (method from the config: merge.method); the session goes to Done")
  .option('--method <method>', 'squash | merge | rebase')
  .addHelpText('after', '\nExamples:\n  ao merge myrepo-3\n  ao merge myrepo-3 --method rebase')
  .action((id: string, opts) => merge(client(), id, opts));

program
  .command('issues')
  .description("open issues of a project's tracker (what `ao start --issue N` can work on)")
  .option('--project <id>', 'project (default: the repository you are in, or the first)')
  .option('--json', 'machine-readable output')
  .addHelpText('after', '\nExamples:\n  ao issues\n  ao issues --project api --json')
  .action((opts: { project?: string; json?: boolean }) =>
    issues(client(), opts.project ?? cwdProject(), Boolean(opts.json)),
  );

program.addCommand(checksCommand(client, cwdProject));
program.addCommand(queueCommand(client, cwdProject));
program.addCommand(briefCommand(client));
program.addCommand(escalationsCommand(client));
program.addCommand(lessonsCommand(client, cwdProject));
program.addCommand(orchestratorCommand(client));
program.addCommand(askCommand(client, cwdProject));

program
  .command('report')
  .description('what the agents did: sessions, PRs, commits, models, reviews by kind, CI self-correction')
  .option('--since <when>', 'a duration back from now (7d, 12h, 2w) or a date', '7d')
  .option('--project <id>', 'one project (default: all)')
  .option('--json', 'machine-readable output')
  .option('--md', 'Markdown tables')
  .option('--sessions [n]', 'also list the sessions of the period, newest first (default 50)')
  .addHelpText(
    'after',
    '\nExamples:\n  ao report\n  ao report --since 30d --project api --md\n  ao report --sessions 20',
  )
  .action((opts) => report(client(), opts));

program
  .command('webhook')
  .description('how to point a GitHub webhook at ao: URL, secret, events (and smee.io relaying)')
  .option('--public-url <url>', 'the URL GitHub reaches ao at (default: the local one)')
  .addHelpText('after', '\nExamples:\n  ao webhook\n  ao webhook --public-url https://ao.example.com')
  .action((opts: { publicUrl?: string }) => webhook(client(), opts.publicUrl));

pluginCommands(program, client);
const mcp = program
  .command('mcp')
  .description(
    "ao's MCP server on stdio (forwards to the daemon's /api/mcp; token: $AO_MCP_TOKEN, else the admin one)",
  )
  .addHelpText(
    'after',
    '\nExamples:\n  claude mcp add ao -- ao mcp\n  ao mcp token --orchestrator\n  ao mcp token --session myrepo-3',
  )
  .action(() => mcpBridge(client(), process.env));
mcp
  .command('token')
  .description(
    'mint a scoped MCP token (printed once): --orchestrator (fleet tools) or --session <id> (a worker)',
  )
  .option('--orchestrator', 'the fleet tools, without ao secrets or token minting')
  .option('--session <id>', "a worker's token: its own session and ask_orchestrator / report_blocked only")
  .action((opts: { orchestrator?: boolean; session?: string }) => mcpToken(client(), opts));
mcp
  .command('revoke <id>')
  .description('revoke an MCP token by its id')
  .action((id: string) => mcpRevoke(client(), id));

program
  .command('schema')
  .description('print the JSON Schema of ao.config.yaml (for editor completion)')
  .action(() => console.log(JSON.stringify(configJsonSchema(builtinPlugins), null, 2)));

program.parseAsync(process.argv).catch((err: Error) => {
  if (err instanceof CliError) {
    console.error(`ao: ${err.message}`);
    process.exit(err.exitCode);
  }
  console.error(err);
  process.exit(1);
});
