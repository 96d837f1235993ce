import type { RetroFacts } from '@ao/shared/lessons';
import type { Proposal } from './propose-from-facts';

/** What the orchestrator says of a finished session: a short reflection and at most one proposed lesson. */
export interface OrchestratorReflection {
  reflection: string;
  lesson: Proposal | null;
}

export type ReflectFn = (input: {
  sessionId: string;
  project: string;
  facts: RetroFacts;
}) => Promise<OrchestratorReflection | null>;

/**
 * The seam where the orchestrator's reflection plugs into a retro (DESIGN.md §12): when the orchestrator is enabled
 * it is asked (through its tools) what went well, what cost cycles, and at most one lesson. NOT WIRED YET: nothing
 * passes a `reflect` function to the retro writer, so this returns null and retros carry the facts and the
 * deterministic proposal only.
 */
export async function proposeFromOrchestrator(
  reflect: ReflectFn | null,
  input: Parameters<ReflectFn>[0],
): Promise<OrchestratorReflection | null> {
  if (!reflect) return null;
  return reflect(input);
}
