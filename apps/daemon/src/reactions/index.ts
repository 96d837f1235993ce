export {
  type AllCompleteInput,
  escalateUndelivered,
  evaluate,
  evaluateAllComplete,
  wouldSendToAgent,
} from './evaluate';
export { MemoryIncidentStore } from './memory-incident-store';
export {
  MemoryNotificationLog,
  type NotificationLog,
  NotificationRouter,
  type NotificationRouterOptions,
  type RouteResult,
} from './notification-router';
export { SqliteIncidentStore, SqliteNotificationLog, type SyncDb } from './sqlite-stores';
export type {
  ActivityInfo,
  EvaluateInput,
  Incident,
  IncidentStore,
  ReactionAction,
  ReactionDetails,
  ReactionSession,
  ReviewCommentDetail,
} from './types';
