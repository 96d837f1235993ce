import { trackerError } from '@ao/shared/errors';
import type { IssueTarget, SyncOutcome, Tracker, TrackerSync } from '@ao/shared/plugin';

/** Sends one GraphQL request (the plugin's requester: timeout and error mapping included). */
export type LinearRequest = <T>(
  query: string,
  variables: Record<string, unknown>,
  key?: string,
) => Promise<T>;

/** The issue's id, its state and its team's workflow states (one request). */
const ISSUE_STATES_QUERY = `query AoIssueStates($id: String!) {
  issue(id: $id) {
    id
    state { id name }
    team { states(first: 100) { nodes { id name } } }
  }
}`;
const ISSUE_COMMENTS_QUERY = `query AoIssueComments($id: String!) {
  issue(id: $id) { id comments(first: 250) { nodes { body } } }
}`;
const ISSUE_UPDATE = `mutation AoIssueUpdate($id: String!, $stateId: String!) {
  issueUpdate(id: $id, input: { stateId: $stateId }) { success }
}`;
const COMMENT_CREATE = `mutation AoCommentCreate($issueId: String!, $body: String!) {
  commentCreate(input: { issueId: $issueId, body: $body }) { success }
}`;

interface IssueStates {
  issue: {
    id: string;
    state: { id: string; name: string };
    team: { states: { nodes: Array<{ id: string; name: string }> } };
  };
}
interface IssueComments {
  issue: { id: string; comments: { nodes: Array<{ body: string }> } };
}

type Writes = Required<Pick<Tracker, 'markInProgress' | 'markDone' | 'comment'>>;

/** A comment's footer naming ao and the marker that recognises it. */
export const footer = (marker: string) => `— posted by ao (${marker})`;

/**
 * The Linear tracker's writes: `issueUpdate` to the workflow state named in `sync.inProgress` / `sync.done` (looked
 * up among the issue's team's states, case-insensitively), `commentCreate` with ao's footer unless a comment of the
 * issue already carries it.
 */
export function linearSyncWrites(
  request: LinearRequest,
  sync: TrackerSync,
  keyOf: (i: IssueTarget) => string,
) {
  const moveTo = async (issue: IssueTarget, name: string | undefined): Promise<SyncOutcome> => {
    if (!name) return 'off';
    const key = keyOf(issue);
    const { issue: found } = await request<IssueStates>(ISSUE_STATES_QUERY, { id: key }, key);
    const want = name.toLowerCase();
    if (found.state.name.toLowerCase() === want) return 'already';
    const state = found.team.states.nodes.find((s) => s.name.toLowerCase() === want);
    if (!state)
      throw trackerError(
        `Linear issue ${key}: its team has no workflow state "${name}" (states: ${found.team.states.nodes.map((s) => s.name).join(', ')})`,
      );
    await request(ISSUE_UPDATE, { id: found.id, stateId: state.id }, key);
    return 'done';
  };
  const writes: Writes = {
    markInProgress: (_repo, issue) => moveTo(issue, sync.inProgress),
    markDone: (_repo, issue) => moveTo(issue, sync.done),
    async comment(_repo, issue, body, marker) {
      const key = keyOf(issue);
      const { issue: found } = await request<IssueComments>(ISSUE_COMMENTS_QUERY, { id: key }, key);
      if (found.comments.nodes.some((c) => c.body.includes(marker))) return 'already';
      await request(COMMENT_CREATE, { issueId: found.id, body: `${body}\n\n${footer(marker)}` }, key);
      return 'done';
    },
  };
  return writes;
}
