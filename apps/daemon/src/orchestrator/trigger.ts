import type { WakeTrigger } from '@ao/shared/config-orchestrator';

/** Something the orchestrator should look at: why, which session (if one), and a short detail (untrusted text). */
export interface Trigger {
  trigger: WakeTrigger;
  projectId: string;
  sessionId: string | null;
  detail: string;
  at: string;
}
