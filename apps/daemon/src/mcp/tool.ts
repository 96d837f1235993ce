import { AoError } from '@ao/shared/errors';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { RetroWriter } from '../insights/retros/write-retro';
import type { ProjectService } from '../projects/project-service';
import type { SessionService } from '../sessions/session-service';
import type { McpRecords } from './mcp-records';
import type { McpScope, ToolAudience } from './scopes';
import type { DiffStats } from './worktree-diff';

/** What a tool may use: the daemon's own services (never duplicated here) and the caller's scope. */
export interface ToolContext {
  scope: McpScope;
  sessions: SessionService;
  projects: ProjectService;
  records: McpRecords;
  /** The data directory (terminal logs). */
  dataDir: string;
  diffStats: DiffStats;
  /** Drift corrections of the orchestrator (OrchestratorService.correct; declared here: no import of it). */
  drift: { correct(sessionId: string, text: string): Promise<{ correction: number; max: number }> };
  /** Retrospectives of finished sessions (the orchestrator's reflection). */
  retros: Pick<RetroWriter, 'reflect'>;
}

/** One MCP tool: a zod input shape, a description written for a model, annotations, and a compact result. */
export interface McpTool<S extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  audience: ToolAudience;
  input: S;
  annotations: ToolAnnotations;
  /** Returns a JSON value (sent as compact JSON text); throws AoError for a failure the caller should see. */
  run(ctx: ToolContext, args: z.infer<z.ZodObject<S>>): unknown;
}

export const defineTool = <S extends z.ZodRawShape>(tool: McpTool<S>): McpTool => tool as unknown as McpTool;

/** A tool's value as its result: compact JSON text. */
export function toolResult(value: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }] };
}

/** A failure as a tool error (`isError`), never thrown at the client: the model reads why and can act on it. */
export function toolError(err: unknown): CallToolResult {
  const text =
    err instanceof AoError
      ? `${err.code}: ${err.message}${err.field ? ` (field: ${err.field})` : ''}`
      : `error: ${(err as Error).message ?? String(err)}`;
  return { content: [{ type: 'text', text }], isError: true };
}

/** Cuts text to `max` characters, saying how much was left out. */
export function clip(text: string | null | undefined, max: number): string | null {
  if (text === null || text === undefined) return null;
  return text.length <= max ? text : `${text.slice(0, max)}… [${text.length - max} more chars]`;
}

/** A worker token reaches only its own session. */
export function assertReach(ctx: ToolContext, sessionId: string): void {
  if (ctx.scope.kind === 'worker' && ctx.scope.sessionId !== sessionId)
    throw new AoError('forbidden', `this token reaches only session ${ctx.scope.sessionId}`);
}
