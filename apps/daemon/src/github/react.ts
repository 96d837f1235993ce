import type { PullRequest } from '@ao/shared/session';
import {
  escalateUndelivered,
  evaluate,
  type ReactionAction,
  type ReactionDetails,
  SqliteIncidentStore,
} from '../reactions';
import type { Services } from '../services';
import { deliverMessage } from '../sessions/deliver-message';
import { mergeSession } from '../sessions/merge-session';
import { restoreSession } from '../sessions/restore-session';
import { toSession } from '../sessions/session-row';
import { routerFor } from './notifiers';

/**
 * Evaluates a session's reactions against its stored state in one transaction (incidents are durable), then carries
 * out the actions after commit: messages to the agent, notifications, escalations, auto-merge.
 */
export async function react(
  s: Services,
  sessionId: string,
  details?: ReactionDetails,
): Promise<ReactionAction[]> {
  const row = s.store.find(sessionId);
  if (!row) return [];
  let project: ReturnType<Services['projects']['get']>;
  try {
    project = s.projects.get(row.projectId);
  } catch {
    return []; // the project's config is broken; it is reported on the project
  }
  const session = toSession(row);
  const actions = s.bus.transaction((tx) =>
    evaluate(
      {
        session,
        pr: (row.pr as PullRequest | null) ?? null,
        activity: {
          state: session.activity,
          since: row.activitySince ?? row.createdAt,
          detail: session.evidence?.detail,
        },
        details,
      },
      new SqliteIncidentStore(tx),
      project.config.reactions,
      new Date(),
    ),
  );
  for (const action of actions) {
    try {
      await run(s, action, project);
    } catch (err) {
      s.logger.error(
        { sessionId, reaction: action.reaction, err: (err as Error).message },
        'reaction failed',
      );
    }
  }
  return actions;
}

async function run(s: Services, action: ReactionAction, project: ReturnType<Services['projects']['get']>) {
  const { sessionId, reaction, attempt } = action;
  switch (action.type) {
    case 'send_to_agent': {
      if (action.restore) await restoreSession(s, sessionId);
      try {
        await deliverMessage(s, sessionId, action.message);
      } catch (err) {
        const escalations = s.bus.transaction((tx) =>
          escalateUndelivered(action, (err as Error).message, new SqliteIncidentStore(tx), new Date()),
        );
        for (const escalation of escalations) await run(s, escalation, project);
        return;
      }
      s.bus.emit('reaction.fired', { sessionId, reaction, attempt, detail: 'sent to the agent' });
      return;
    }
    case 'notify': {
      const result = await routerFor(s, project).send(action.notification, action.channels);
      const detail = `notified ${result.sent.join(', ') || 'nobody'}`;
      s.bus.emit('reaction.fired', { sessionId, reaction, attempt, detail });
      return;
    }
    case 'escalate': {
      if (s.store.find(sessionId)) s.store.update(sessionId, { escalated: true });
      await routerFor(s, project).send(action.notification, action.channels);
      s.bus.emit('reaction.escalated', { sessionId, reaction, detail: action.reason });
      return;
    }
    case 'auto_merge': {
      const pr = s.store.row(sessionId).pr as PullRequest | null;
      if (!pr || pr.headSha !== action.headSha) return; // a new commit arrived since: not what was approved
      await mergeSession(s, sessionId, action.method);
      s.bus.emit('reaction.fired', { sessionId, reaction, attempt, detail: `merged (${action.method})` });
    }
  }
}
