import { AoError } from '@ao/shared/errors';
import type { ChatOutcome } from '@ao/shared/events-chatops';
import type { Logger } from '@ao/shared/plugin';
import { cleanText, MAX_REPLY_CHARS, oneLine } from './chat-text';
import { Confirmations, type PendingChange } from './confirmations';
import type { FleetPort } from './fleet-port';
import { formatEscalations } from './format-escalations';
import { formatSession, formatSessions, formatStatus } from './format-fleet';
import { type ChatCommand, HELP_TEXT, parseCommand } from './parse-command';
import { Refusals } from './refusals';

export type Transport = 'slack' | 'telegram';

/** Who wrote, and where: ids as the chat service gives them. */
export interface ChatFrom {
  transport: Transport;
  user: string;
  channel: string;
}

/** A reply; with `confirmToken`, the transport adds Confirm / Cancel buttons carrying it. */
export interface ChatReply {
  text: string;
  confirmToken?: string;
}
export type Reply = (reply: ChatReply) => Promise<void>;

/**
 * The orchestrator hook: a free-form question from chat handed to the project's orchestrator, or null when none runs.
 * `answer` settles with its answer (`answer_human`), or null when none came in time.
 */
export type AskOrchestrator = (
  projectId: string,
  question: string,
  from: ChatFrom,
) => Promise<{ id: number; answer: Promise<string | null> } | null>;
export const noOrchestrator: AskOrchestrator = async () => null;

/** One line of the chat-ops audit log (the `chatops.command` event). */
export interface ChatLogEntry extends ChatFrom {
  command: string;
  sessionId: string | null;
  outcome: ChatOutcome;
  detail: string;
}

export interface ChatOpsDeps {
  /** The project whose config set this bot up (commands reach the whole fleet; questions go to its orchestrator). */
  projectId: string;
  fleet: FleetPort;
  confirmTimeoutMs: number;
  log(entry: ChatLogEntry): void;
  askOrchestrator(): AskOrchestrator;
  logger: Logger;
}

const REFUSED = 'Sorry, you are not allowed to give ao commands here.';

/**
 * The transport-independent command layer: a message (or a button press) from Slack or Telegram in, replies out.
 * Refuses anyone not allow-listed (the transport decides, this logs it); reads answer at once; every change waits
 * for its requester's confirmation and is logged with its outcome.
 */
export class ChatOps {
  private readonly confirmations: Confirmations;
  private readonly refusals = new Refusals();

  constructor(private readonly deps: ChatOpsDeps) {
    this.confirmations = new Confirmations(deps.confirmTimeoutMs);
  }

  async onMessage(from: ChatFrom, allowed: boolean, text: string, reply: Reply): Promise<void> {
    if (!allowed) return this.refuse(from, oneLine(text, 60), reply);
    const parsed = parseCommand(text);
    if (parsed.kind === 'invalid') return reply({ text: parsed.message });
    if (parsed.kind === 'free') return this.ask(from, parsed.text, reply);
    const { command } = parsed;
    if (command.verb === 'yes' || command.verb === 'no')
      return this.decide(from, command.verb === 'yes', reply);
    const read = this.read(command);
    if (read !== null) {
      this.log(from, command.verb, 'id' in command ? command.id : null, 'answered', '');
      return reply({ text: cleanText(read, MAX_REPLY_CHARS) });
    }
    return this.askToConfirm(from, command, reply);
  }

  /** A Confirm / Cancel button: only its requester may press it. */
  async onButton(from: ChatFrom, allowed: boolean, token: string, yes: boolean, reply: Reply): Promise<void> {
    if (!allowed) return this.refuse(from, 'button', reply);
    return this.decide(from, yes, reply, token);
  }

  close(): void {
    this.confirmations.clear();
  }

  private async refuse(from: ChatFrom, what: string, reply: Reply): Promise<void> {
    if (!this.refusals.admit(`${from.transport}:${from.user}`)) return;
    this.log(from, what, null, 'refused', 'not on the allow-list');
    await reply({ text: REFUSED });
  }

  /** The answer of a read-only command, or null for a command that changes something. */
  private read(command: ChatCommand): string | null {
    const { fleet } = this.deps;
    if (command.verb === 'help') return HELP_TEXT;
    if (command.verb === 'status') return formatStatus(fleet.list(), (s) => fleet.graceMs(s.project));
    if (command.verb === 'sessions') return formatSessions(fleet.list());
    if (command.verb === 'escalations') return formatEscalations(fleet.escalations());
    if (command.verb === 'show') {
      const s = fleet.find(command.id);
      return s ? formatSession(s, fleet.graceMs(s.project)) : `No session ${command.id}.`;
    }
    return null;
  }

  /** What a change would do, or why it cannot be asked (unknown session or escalation). */
  private target(
    command: ChatCommand,
  ): { describe: string; verb: string; sessionId: string | null } | string {
    const { fleet } = this.deps;
    if ('escalation' in command) {
      const e = fleet.findEscalation(command.escalation);
      if (!e) return `No escalation ${command.escalation}.`;
      if (e.resolution) return `Escalation ${e.id} is already settled (${e.resolution.decision}).`;
      const what =
        command.verb === 'answer' ? `: “${oneLine(command.text, 200)}”` : ` (${oneLine(e.summary, 120)})`;
      return {
        describe: `${command.verb} escalation ${e.id}${what}`,
        verb: `${command.verb} #${e.id}`,
        sessionId: e.sessionId,
      };
    }
    if (!('id' in command)) return 'Nothing to do.';
    const { id } = command;
    if (!fleet.find(id)) return `No session ${id}.`;
    const describe =
      command.verb === 'tell' ? `tell ${id}: “${oneLine(command.text, 200)}”` : `${command.verb} ${id}`;
    return { describe, verb: `${command.verb} ${id}`, sessionId: id };
  }

  private async askToConfirm(from: ChatFrom, command: ChatCommand, reply: Reply): Promise<void> {
    const target = this.target(command);
    if (typeof target === 'string') return reply({ text: target });
    const { describe, verb, sessionId: id } = target;
    const change: PendingChange = {
      owner: ownerOf(from),
      command: verb,
      sessionId: id,
      describe,
      run: () => this.change(command, from),
      expired: () => {
        this.log(from, verb, id, 'expired', 'not confirmed in time; nothing done');
        reply({ text: `Expired: ${describe} was not done.` }).catch((err: Error) =>
          this.deps.logger.warn({ err: err.message }, 'chat-ops: could not say a confirmation expired'),
        );
      },
    };
    const token = this.confirmations.ask(change);
    const seconds = Math.round(this.deps.confirmTimeoutMs / 1000);
    this.log(from, verb, id, 'confirm_asked', oneLine(describe, 300));
    await reply({
      text: `Confirm: ${describe}? Reply yes or no (expires in ${seconds} s).`,
      confirmToken: token,
    });
  }

  private async decide(from: ChatFrom, yes: boolean, reply: Reply, token?: string): Promise<void> {
    const change = this.confirmations.take(ownerOf(from), token);
    if (!change) return reply({ text: 'Nothing to confirm (it may have expired).' });
    const { command: verb, sessionId: id } = change;
    if (!yes) {
      this.log(from, verb, id, 'cancelled', '');
      return reply({ text: `Cancelled: ${change.describe}.` });
    }
    try {
      const result = await change.run();
      this.log(from, verb, id, 'done', oneLine(result, 300));
      await reply({ text: cleanText(result, MAX_REPLY_CHARS) });
    } catch (err) {
      const message = err instanceof AoError ? err.message : 'internal error (see the daemon log)';
      if (!(err instanceof AoError)) this.deps.logger.error({ err }, `chat-ops: ${verb} failed`);
      this.log(from, verb, id, 'failed', oneLine(message, 300));
      await reply({ text: `Could not ${verb}: ${cleanText(message, 500)}` });
    }
  }

  private async change(command: ChatCommand, from: ChatFrom): Promise<string> {
    const { fleet } = this.deps;
    if ('escalation' in command) {
      const text = command.verb === 'answer' ? command.text : undefined;
      const by = `${from.transport}:${from.user}`;
      const e = await fleet.resolve(command.escalation, { decision: command.verb, text }, by);
      const outcome = e.resolution?.outcome ? ` ${e.resolution.outcome}.` : '';
      return `Escalation ${e.id}: ${command.verb === 'answer' ? 'answered' : `${command.verb}ed`}.${outcome}`;
    }
    if (command.verb === 'tell') {
      const delivery = await fleet.tell(command.id, command.text);
      return `Message to ${command.id}: ${delivery.state} (${delivery.detail}).`;
    }
    if (command.verb === 'merge') {
      const s = await fleet.merge(command.id);
      return `Merged PR #${s.pr?.number ?? '?'} of ${s.id}; the session is ${s.status}.`;
    }
    if (command.verb === 'kill') {
      const s = await fleet.kill(command.id);
      return `Stopped ${s.id}; it is ${s.status}.`;
    }
    throw new Error(`not a change: ${command.verb}`);
  }

  private async ask(from: ChatFrom, text: string, reply: Reply): Promise<void> {
    const question = cleanText(text, 2000);
    let asked: Awaited<ReturnType<AskOrchestrator>>;
    try {
      asked = await this.deps.askOrchestrator()(this.deps.projectId, question, from);
    } catch (err) {
      this.deps.logger.warn({ err: (err as Error).message }, 'chat-ops: the orchestrator could not be asked');
      this.log(from, 'ask', null, 'failed', 'the orchestrator could not be asked');
      return reply({ text: 'The orchestrator could not be asked; try again later.' });
    }
    if (asked === null) {
      this.log(from, 'ask', null, 'answered', 'no orchestrator runs');
      return reply({
        text: 'Not a command. Questions go to the orchestrator, and none runs now. Type help for the commands.',
      });
    }
    this.log(from, 'ask', null, 'answered', `forwarded as question #${asked.id}`);
    await reply({ text: `Asked the orchestrator (question #${asked.id}); its answer will follow here.` });
    const answer = await asked.answer.catch(() => null);
    await reply({
      text:
        answer === null
          ? `No answer to question #${asked.id} yet; \`ao ask --show ${asked.id}\` shows it when it comes.`
          : `Orchestrator (question #${asked.id}): ${cleanText(answer, MAX_REPLY_CHARS - 40)}`,
    });
  }

  private log(
    from: ChatFrom,
    command: string,
    sessionId: string | null,
    outcome: ChatOutcome,
    detail: string,
  ) {
    this.deps.log({ ...from, command, sessionId, outcome, detail });
  }
}

const ownerOf = (from: ChatFrom) => `${from.transport}:${from.user}:${from.channel}`;
