import type { ChatopsConfig } from '@ao/shared/config-chatops';
import type { Logger } from '@ao/shared/plugin';
import type { EventBus } from '../events/event-bus';
import type { ProjectService } from '../projects/project-service';
import { type AskOrchestrator, ChatOps, noOrchestrator, type Transport } from './chat-ops';
import type { FleetPort } from './fleet-port';
import { startSlack } from './slack-transport';
import { startTelegram } from './telegram-transport';
import type { ChatTransport } from './transport';

interface Running {
  /** The settings it was started with (a change restarts it). */
  settings: string;
  /** The bot's identity (its token): one connection per bot, whichever projects name it. */
  bot: string;
  ops: ChatOps;
  transport: Promise<ChatTransport | null>;
}

export interface ChatBotsDeps {
  projects: ProjectService;
  fleet: FleetPort;
  bus: EventBus;
  logger: Logger;
}

/**
 * The chat bots of every project whose `chatops` enables Slack or Telegram: started when the daemon is ready and
 * when a project is added or changed, stopped when the daemon closes. One connection per bot token.
 */
export class ChatBots {
  private readonly running = new Map<string, Running>();
  private orchestrator: AskOrchestrator = noOrchestrator;
  private closed = false;
  /** Syncs run one after the other (a project event may come while the first sync still stops a bot). */
  private syncing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ChatBotsDeps) {}

  /** Wires the orchestrator in: free-form chat questions go to it (until then they are answered "none runs"). */
  setOrchestrator(ask: AskOrchestrator): void {
    this.orchestrator = ask;
  }

  /** Starts, restarts or stops bots to match the projects' configs now. */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncNow());
    return this.syncing;
  }

  private async syncNow(): Promise<void> {
    if (this.closed) return;
    const wanted = new Map<string, { projectId: string; transport: Transport; config: ChatopsConfig }>();
    for (const project of this.deps.projects.loadedAll()) {
      const config = project.config.chatops;
      if (config.slack.enabled)
        wanted.set(`${project.id}:slack`, { projectId: project.id, transport: 'slack', config });
      if (config.telegram.enabled)
        wanted.set(`${project.id}:telegram`, { projectId: project.id, transport: 'telegram', config });
    }
    const stops: Promise<void>[] = [];
    for (const [key, run] of this.running) {
      const want = wanted.get(key);
      if (!want || settingsOf(want.transport, want.config) !== run.settings) stops.push(this.stop(key));
    }
    await Promise.all(stops);
    for (const [key, want] of wanted) if (!this.running.has(key)) this.start(key, want);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.syncing.catch(() => undefined);
    await Promise.all([...this.running.keys()].map((key) => this.stop(key)));
  }

  private start(key: string, want: { projectId: string; transport: Transport; config: ChatopsConfig }): void {
    const { projectId, transport, config } = want;
    const bot =
      transport === 'slack' ? `slack:${config.slack.appToken}` : `telegram:${config.telegram.token}`;
    const other = [...this.running].find(([, r]) => r.bot === bot);
    if (other) {
      this.deps.logger.warn(
        { project: projectId, transport },
        `chat-ops: this bot already runs for ${other[0]}`,
      );
      return;
    }
    const ops = new ChatOps({
      projectId,
      fleet: this.deps.fleet,
      confirmTimeoutMs: config.confirmTimeoutSec * 1000,
      askOrchestrator: () => this.orchestrator,
      logger: this.deps.logger,
      log: (entry) => {
        this.deps.logger.info({ chatops: entry }, 'chat-ops command');
        this.deps.bus.emit('chatops.command', entry);
      },
    });
    const deps = { ops, logger: this.deps.logger };
    const started =
      transport === 'slack' ? startSlack(config.slack, deps) : startTelegram(config.telegram, deps);
    const failed = (err: Error) => {
      this.deps.logger.error(
        { project: projectId, transport, err: err.message },
        'chat-ops could not connect',
      );
      return null;
    };
    const transportP = started.then((t) => {
      t.ready.then(
        () => this.deps.logger.info({ project: projectId, transport }, 'chat-ops connected'),
        failed,
      );
      return t;
    }, failed);
    this.running.set(key, { settings: settingsOf(transport, config), bot, ops, transport: transportP });
  }

  private async stop(key: string): Promise<void> {
    const run = this.running.get(key);
    if (!run) return;
    this.running.delete(key);
    run.ops.close();
    await (await run.transport)?.stop();
  }
}

const settingsOf = (transport: Transport, config: ChatopsConfig) =>
  JSON.stringify([config[transport], config.confirmTimeoutSec]);
