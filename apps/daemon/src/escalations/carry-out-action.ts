import { badRequest, conflict } from '@ao/shared/errors';
import type { EscalationAction } from '@ao/shared/escalations';
import type { PrRerunResult } from '@ao/shared/plugin';
import type { ProjectService } from '../projects/project-service';
import type { SessionService } from '../sessions/session-service';

export interface ActionDeps {
  sessions: SessionService;
  projects: ProjectService;
}

/** Re-runs the failed checks on the head of a session's PR (what the MCP tool and an accepted escalation do). */
export async function rerunPrChecks(
  deps: ActionDeps,
  id: string,
): Promise<PrRerunResult & { pr: number; sessionId: string }> {
  const s = deps.sessions.get(id);
  if (!s.pr) throw conflict(`session ${s.id} has no pull request`);
  const found = deps.projects.scmOf(s.project);
  if (!found) throw badRequest(`project ${s.project} has no project.repo`, 'repo');
  if (!found.scm.rerunFailedPrChecks) throw conflict(`the scm of project ${s.project} cannot re-run checks`);
  const result = await found.scm.rerunFailedPrChecks(found.repo, s.pr);
  return { ...result, pr: s.pr.number, sessionId: s.id };
}

/**
 * Carries out an accepted escalation's action through the same services as the API and the MCP tools; answers what
 * was done, in one line. Throws (an AoError) when it cannot.
 */
export async function carryOutAction(deps: ActionDeps, action: EscalationAction): Promise<string> {
  switch (action.kind) {
    case 'merge': {
      const s = await deps.sessions.merge(action.session);
      return `merged the PR${s.pr ? ` #${s.pr.number}` : ''} of ${s.id}`;
    }
    case 'rerun_checks': {
      const r = await rerunPrChecks(deps, action.session);
      const skipped = r.skipped.length ? `; skipped ${r.skipped.map((k) => k.name).join(', ')}` : '';
      return `re-ran ${r.rerun.length ? r.rerun.join(', ') : 'no checks'} on PR #${r.pr} of ${r.sessionId}${skipped}`;
    }
    case 'send_message': {
      const d = await deps.sessions.send(action.session, action.text);
      return `message to ${action.session}: ${d.state}`;
    }
    case 'kill': {
      const s = await deps.sessions.kill(action.session);
      return `stopped ${s.id}`;
    }
    case 'restore': {
      const s = await deps.sessions.restore(action.session);
      return `restored ${s.id}`;
    }
  }
}
