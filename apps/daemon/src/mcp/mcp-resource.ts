import fp from 'fastify-plugin';
import { McpRecords } from './mcp-records';
import { McpTokens } from './mcp-tokens';
import { DiffStats } from './worktree-diff';

declare module 'fastify' {
  interface FastifyInstance {
    mcp: { tokens: McpTokens; records: McpRecords; diffStats: DiffStats };
  }
}

/**
 * The `mcp` resource: scoped tokens (hashed in SQLite; ao's access token is the admin one) and the records the tools
 * write. A worker's tokens are revoked when its session ends (killed or done).
 */
export const mcpResource = fp<{ adminToken: string }>(
  async (app, opts) => {
    const tokens = new McpTokens(app.db, opts.adminToken);
    app.decorate('mcp', { tokens, records: new McpRecords(app.db, app.bus), diffStats: new DiffStats() });
    const off = app.bus.subscribe((e) => {
      if (e.type === 'session.status_changed' && (e.data.to === 'killed' || e.data.to === 'done'))
        tokens.revokeSession(e.data.session.id);
    });
    app.addHook('onClose', async () => off());
  },
  { name: 'mcp', dependencies: ['db', 'bus'] },
);
