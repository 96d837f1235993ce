import { isIP } from 'node:net';
import { AoError, conflict, forbidden, terminalUnavailable } from '@ao/shared/errors';
import { sessionIdSchema } from '@ao/shared/ids';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from '../http/zod-schemas';
import { chooseTerminal } from '../plugins/terminal-shared/detect-terminal';

const params = z.object({ id: sessionIdSchema });
const reply = z.object({ terminal: z.string() });

/** A request from this machine: a loopback peer, and not relayed by a proxy (which would be loopback too). */
export function fromThisMachine(req: FastifyRequest): boolean {
  const relayed = ['forwarded', 'x-forwarded-for', 'x-real-ip'].some((h) => req.headers[h] !== undefined);
  const peer = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  const loopback = peer === '::1' || (isIP(peer) === 4 && peer.startsWith('127.'));
  return loopback && !relayed;
}

/** POST /api/sessions/:id/open-terminal: opens the session in the user's terminal application on the daemon's
 *  machine, through the project's terminal plugin (`terminal:`, auto-detected by default). */
export async function openTerminalRoutes(
  app: FastifyInstance,
  opts: { env: Record<string, string | undefined>; platform?: NodeJS.Platform },
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/sessions/:id/open-terminal', { schema: { params, response: { 200: reply } } }, async (req) => {
    if (!fromThisMachine(req))
      throw forbidden(
        "opening a terminal window works only from the daemon's own machine (a loopback request); " +
          'elsewhere use the web terminal or `ao attach <id>`',
      );
    const { id } = req.params;
    const session = app.sessions.get(id);
    const { command, live } = app.sessions.attach(id);
    if (!live) throw conflict(`session ${id} has no live runtime; \`ao restore ${id}\` brings it back`);
    if (!command?.length)
      throw conflict(
        `the ${session.runtime} runtime of ${id} cannot be attached from a terminal; use the web terminal`,
      );
    const project = app.projects.get(session.project);
    const name = project.config.terminal;
    const host = { env: opts.env, platform: opts.platform ?? process.platform };
    const source = {
      has: (n: string) => app.registry.has('terminal', n),
      create: (n: string) =>
        app.registry.create('terminal', n, app.projects.settings(project, 'terminal', n)),
    };
    const chosen = await chooseTerminal(name, source, host);
    const title = `ao ${id}`;
    try {
      await chosen.terminal.open({ sessionId: id, title, argv: command, host });
    } catch (err) {
      if (err instanceof AoError) throw err;
      throw terminalUnavailable(`${chosen.name} could not open ${id}: ${(err as Error).message}`);
    }
    return { terminal: chosen.name };
  });
}
