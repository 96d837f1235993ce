import { buildSchema } from 'graphql';

/**
 * An excerpt of Linear's public GraphQL schema (names and types as in `@linear/sdk`'s generated types): the fake
 * parses, validates and executes every query against it, so a field or argument Linear does not have fails here the
 * way it would there (GRAPHQL_VALIDATION_FAILED).
 */
export const linearSchema = buildSchema(`
  scalar DateTime
  enum PaginationOrderBy { createdAt updatedAt }
  input StringComparator { eq: String neq: String in: [String!] nin: [String!] eqIgnoreCase: String }
  input BooleanComparator { eq: Boolean neq: Boolean }
  input NullableUserFilter { email: StringComparator isMe: BooleanComparator null: Boolean }
  input WorkflowStateFilter { type: StringComparator name: StringComparator team: TeamFilter }
  input TeamFilter { key: StringComparator name: StringComparator }
  input IssueLabelFilter { name: StringComparator }
  input IssueFilter {
    state: WorkflowStateFilter
    team: TeamFilter
    labels: IssueLabelFilter
    assignee: NullableUserFilter
    and: [IssueFilter!]
    or: [IssueFilter!]
  }
  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
  type User { id: ID! name: String! displayName: String! email: String! }
  type WorkflowState { id: ID! name: String! type: String! position: Float! team: Team! }
  type WorkflowStateConnection { nodes: [WorkflowState!]! pageInfo: PageInfo! }
  type Team {
    id: ID!
    key: String!
    name: String!
    states(first: Int, after: String, filter: WorkflowStateFilter): WorkflowStateConnection!
  }
  type IssueLabel { id: ID! name: String! }
  type IssueLabelConnection { nodes: [IssueLabel!]! pageInfo: PageInfo! }
  type Comment { id: ID! body: String! createdAt: DateTime! user: User }
  type CommentConnection { nodes: [Comment!]! pageInfo: PageInfo! }
  type Issue {
    id: ID!
    identifier: String!
    number: Float!
    title: String!
    description: String
    url: String!
    createdAt: DateTime!
    state: WorkflowState!
    team: Team!
    assignee: User
    labels(first: Int, after: String): IssueLabelConnection!
    comments(first: Int, after: String): CommentConnection!
  }
  type IssueConnection { nodes: [Issue!]! pageInfo: PageInfo! }
  input IssueUpdateInput { stateId: String title: String description: String }
  input CommentCreateInput { issueId: String body: String parentId: String }
  type IssuePayload { success: Boolean! lastSyncId: Float! issue: Issue }
  type CommentPayload { success: Boolean! lastSyncId: Float! comment: Comment! }
  type Mutation {
    issueUpdate(id: String!, input: IssueUpdateInput!): IssuePayload!
    commentCreate(input: CommentCreateInput!): CommentPayload!
  }
  type Query {
    issue(id: String!): Issue!
    issues(
      first: Int
      after: String
      last: Int
      before: String
      filter: IssueFilter
      orderBy: PaginationOrderBy
      includeArchived: Boolean
    ): IssueConnection!
    viewer: User!
    workflowStates(first: Int, after: String, filter: WorkflowStateFilter): WorkflowStateConnection!
  }
`);
