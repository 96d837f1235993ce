/**
 * The hook through which the human's decisions reach the orchestrator session of a project (`null` project: the
 * fleet-wide one). `deliverToOrchestrator` answers false when no orchestrator runs for it: the decision is then only
 * stored and shown. The orchestrator session sets this hook when it starts (`app.escalations.setInbox`).
 */
export interface OrchestratorInbox {
  deliverToOrchestrator(projectId: string | null, text: string): Promise<boolean>;
}

/** No orchestrator session: nothing is delivered. */
export const noOrchestrator: OrchestratorInbox = {
  deliverToOrchestrator: async () => false,
};
