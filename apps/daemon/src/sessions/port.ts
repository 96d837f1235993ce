import type { CreateSessionBody, Delivery, KillBody } from '@ao/shared/api';
import type { ForwardRule, Runtime, RuntimeEvent } from '@ao/shared/plugin';
import type { Message, Session } from '@ao/shared/session';
import type { SessionRow } from './session-row';
import type { SessionPatch } from './session-store';

/**
 * What the rest of the daemon (routes, the GitHub loop, reactions, the runtime monitor) may ask of the sessions part.
 * They depend on this interface, never on the session operations themselves.
 */
export interface SessionPort {
  /** Worker sessions (the fleet); orchestrator sessions are left out (no branch, PR, lane or reactions). */
  rows(projectId?: string): SessionRow[];
  find(id: string): SessionRow | undefined;
  get(id: string): Session;
  list(projectId?: string): Session[];
  messages(id: string): Message[];
  /** Stores a change the caller computed (a refreshed PR, an escalation flag), with its event. */
  update(id: string, patch: SessionPatch, opts?: { event?: 'pr.updated' | 'session.conflicts' }): Session;
  spawn(body: CreateSessionBody): Promise<Session>;
  send(id: string, text: string, kind?: Message['kind']): Promise<Delivery>;
  kill(id: string, opts?: KillBody): Promise<Session>;
  restore(id: string): Promise<Session>;
  approve(id: string): Promise<Session>;
  merge(id: string, method?: 'squash' | 'merge' | 'rebase'): Promise<Session>;
  /** The session's PR was merged or closed. */
  finish(id: string, reason: string): Promise<void>;
  /** The argv that attaches a terminal to the session (`ao attach`), when it is live and its runtime can. */
  attach(id: string): { command: string[] | null; live: boolean };
  /** Lines of the session's terminal (its screen and scrollback). */
  output(id: string, lines: number): Promise<string>;
  /** An agent's hook callback, already authenticated with the session's secret. */
  hook(id: string, body: unknown): void;
  /** The files of the session's agent a remote forwarder may mirror onto this disk (none when it declares none). */
  forwardRules(id: string): ForwardRule[];
}

/** What the runtime monitor tells the sessions part. */
export interface RuntimeSink {
  onRuntimeEvent(runtime: Runtime, event: RuntimeEvent): Promise<void>;
  /** Asks a runtime where each of its running sessions stands, and acts on what ended (no push available). */
  checkRuntime(runtime: Runtime): Promise<void>;
}
