import type { AgentLaunchContext, AgentLaunchPlan, Logger } from '@ao/shared/plugin';
import type { Db } from '../db/open-db';
import type { EventBus } from '../events/event-bus';
import type { PluginRegistry } from '../plugins/registry';
import type { ProjectService } from '../projects/project-service';
import type { Timers } from '../util/timers';
import type { Messages } from './messages';
import type { SessionRow } from './session-row';
import type { SessionStore } from './session-store';
import type { Watchers } from './watchers';

/** Session-wide settings the daemon gives the sessions part. */
export interface SessionSettings {
  dataDir: string;
  /** `http://127.0.0.1:<port>`: what agents' hooks call back into. */
  selfUrl(): string;
  /** Variables added to every agent's environment (e.g. git hooks for model attribution), given the launch plan. */
  sessionEnv?(row: SessionRow, plan: AgentLaunchPlan): Record<string, string>;
  /** Text for the agent's system prompt (the project's accepted lessons), or null; called once per launch. */
  systemPrompt?(row: SessionRow, opts: { resume: boolean }): string | null;
  /** What else a launch gets (ao's MCP server with a fresh scoped token, the orchestrator's role), per start;
   *  `baseUrl`: the daemon as the agent's runtime reaches it. */
  launchExtras?(row: SessionRow, baseUrl: string): Pick<AgentLaunchContext, 'systemPrompt' | 'mcp'>;
}

/**
 * What the session operations (one per file in this folder) work with. Built once by `SessionService`; owned by the
 * sessions part: nothing outside this folder holds one.
 */
export interface SessionContext extends SessionSettings {
  db: Db;
  bus: EventBus;
  store: SessionStore;
  messages: Messages;
  watchers: Watchers;
  projects: ProjectService;
  registry: PluginRegistry;
  logger: Logger;
  timers: Timers;
  /** Sessions ao is stopping itself (kill, restore): their runtime's exit is expected, not news. */
  stopping: Set<string>;
}
