import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentLaunchPlan } from '@ao/shared/plugin';
import { privateDir } from '../../util/private-dir';
import { coAuthorOf } from './model-trailer';
import { hooksEnv } from './session-env';
import { writeHooks } from './write-hooks';

export interface AttributionDeps {
  dataDir: string;
  /** The environment agents inherit (the daemon's), to append to a `GIT_CONFIG_COUNT` already there. */
  env: Record<string, string | undefined>;
  /** Whether the project wants the trailer (`attribution.coAuthoredBy`). */
  enabled(projectId: string): boolean;
}

export interface AttributedSession {
  id: string;
  projectId: string;
  agent: string;
  model: string | null;
}

/**
 * Model attribution of agent commits (DESIGN.md §12): ao's hooks are written at boot; each session's environment
 * points git at them; `<dataDir>/sessions/<id>/model` holds the trailer for the model the agent uses now, kept up to
 * date as the agent reports a model (it can change mid-session).
 */
export class Attribution {
  readonly hooksDir: string;
  private readonly written = new Map<string, string>();

  constructor(private readonly deps: AttributionDeps) {
    this.hooksDir = writeHooks(deps.dataDir);
  }

  /** The variables to add to a session's environment (none when the project opted out). */
  envFor(row: AttributedSession, plan: AgentLaunchPlan): Record<string, string> {
    if (!this.deps.enabled(row.projectId)) return {};
    const trailer = coAuthorOf(plan.model ?? row.model ?? row.agent);
    this.writeModel(row.id, trailer);
    return hooksEnv({ ...this.deps.env, ...plan.env }, this.hooksDir, {
      file: this.modelFileOf(row.id),
      fallback: trailer,
    });
  }

  /** The agent reported its model: later commits name it. */
  onModel(session: { id: string; projectId: string }, model: string | null): void {
    if (!model || !this.deps.enabled(session.projectId)) return;
    const sessionId = session.id;
    const trailer = coAuthorOf(model);
    if (this.written.get(sessionId) !== trailer) this.writeModel(sessionId, trailer);
  }

  forget(sessionId: string): void {
    this.written.delete(sessionId);
  }

  modelFileOf(sessionId: string): string {
    return join(this.deps.dataDir, 'sessions', sessionId, 'model');
  }

  private writeModel(sessionId: string, trailer: string): void {
    const file = this.modelFileOf(sessionId);
    privateDir(join(this.deps.dataDir, 'sessions', sessionId));
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, `${trailer}\n`, { mode: 0o600 });
    renameSync(tmp, file); // a hook reading it sees the old or the new line, never half
    this.written.set(sessionId, trailer);
  }
}
