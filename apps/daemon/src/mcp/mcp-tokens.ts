import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/open-db';
import { mcpTokens } from '../db/schema';
import { safeEqual } from '../http/token';
import type { McpScope } from './scopes';

export interface MintedToken {
  id: string;
  /** The bearer token itself: shown once, only its hash is stored. */
  token: string;
  scope: string;
}

export interface TokenRow {
  id: string;
  scope: string;
  sessionId: string | null;
  createdAt: string;
  revokedAt: string | null;
}

const PREFIX = 'aomcp_';
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** The MCP server's scoped tokens, minted by the daemon and stored hashed; ao's own access token is the admin one. */
export class McpTokens {
  private readonly byHash;

  constructor(
    private readonly db: Db,
    private readonly adminToken: string,
  ) {
    this.byHash = db.$client.prepare(
      'SELECT scope, session_id AS sessionId FROM mcp_tokens WHERE hash = ? AND revoked_at IS NULL',
    );
  }

  /**
   * A new token for the orchestrator or for one session's worker (the caller checks that the session exists).
   * `owner`: the orchestrator session holding an orchestrator token, so it is revoked when that session ends.
   */
  mint(scope: Exclude<McpScope, { kind: 'admin' }>, owner?: string): MintedToken {
    const id = randomBytes(6).toString('hex');
    const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
    const sessionId = scope.kind === 'worker' ? scope.sessionId : (owner ?? null);
    this.db
      .insert(mcpTokens)
      .values({ id, hash: hashOf(token), scope: scope.kind, sessionId, createdAt: new Date().toISOString() })
      .run();
    return { id, token, scope: scope.kind === 'worker' ? `worker:${scope.sessionId}` : scope.kind };
  }

  /** The scope of a bearer token, or null for an unknown or revoked one. */
  verify(token: string): McpScope | null {
    if (!token) return null;
    if (!token.startsWith(PREFIX)) return safeEqual(token, this.adminToken) ? { kind: 'admin' } : null;
    const row = this.byHash.get(hashOf(token)) as { scope: string; sessionId: string | null } | undefined;
    if (!row) return null;
    if (row.scope === 'orchestrator') return { kind: 'orchestrator' };
    if (row.scope === 'worker' && row.sessionId) return { kind: 'worker', sessionId: row.sessionId };
    return null;
  }

  /** Revokes one token by id; false when there was no live token with it. */
  revoke(id: string): boolean {
    const now = new Date().toISOString();
    const res = this.db
      .update(mcpTokens)
      .set({ revokedAt: now })
      .where(and(eq(mcpTokens.id, id), isNull(mcpTokens.revokedAt)))
      .run();
    return res.changes > 0;
  }

  /** Revokes every token of a session's worker (when the session ends). */
  revokeSession(sessionId: string): number {
    const now = new Date().toISOString();
    return this.db
      .update(mcpTokens)
      .set({ revokedAt: now })
      .where(and(eq(mcpTokens.sessionId, sessionId), isNull(mcpTokens.revokedAt)))
      .run().changes;
  }

  list(): TokenRow[] {
    return this.db
      .select({
        id: mcpTokens.id,
        scope: mcpTokens.scope,
        sessionId: mcpTokens.sessionId,
        createdAt: mcpTokens.createdAt,
        revokedAt: mcpTokens.revokedAt,
      })
      .from(mcpTokens)
      .all();
  }
}
