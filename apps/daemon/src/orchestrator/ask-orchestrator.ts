import { badRequest, conflict } from '@ao/shared/errors';
import type { Question } from '@ao/shared/questions';
import type { HumanQuestions } from '../mcp/human-questions';
import type { OrchestratorService } from './orchestrator-service';

/**
 * A person's question for the orchestrator (`ao ask`, chat-ops): stored, then handed to the project's orchestrator as a
 * wake (`human_question`), which answers with the `answer_human` tool. Refused (409, nothing stored) when no
 * orchestrator runs for the project or its budget is spent.
 */
export function askOrchestrator(
  service: OrchestratorService,
  questions: HumanQuestions,
  input: { project?: string; text: string; from: string },
): Question {
  const specs = service.specs();
  const spec = input.project
    ? service.specFor(input.project)
    : (specs.find((s) => service.statusOf(s).state === 'running') ?? specs[0]);
  if (!spec) {
    if (input.project) throw badRequest(`project ${input.project} has no orchestrator enabled`, 'project');
    throw conflict('no project enables the orchestrator (orchestrator.enabled in ao.config.yaml)');
  }
  const status = service.statusOf(spec);
  if (status.state !== 'running')
    throw conflict(
      `the orchestrator of ${spec.projects.join(', ')} is ${status.state}: ${status.reason ?? ''}`.trim(),
    );
  const project = input.project ?? (spec.projects[0] as string);
  const question = questions.ask(project, input.text, input.from);
  service.enqueue({
    trigger: 'human_question',
    projectId: project,
    sessionId: null,
    detail: `question #${question.id} from ${input.from} (reply with answer_human; get_question shows all of it): ${input.text}`,
    at: question.askedAt,
  });
  return question;
}
