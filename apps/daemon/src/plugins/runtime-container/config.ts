import { z } from 'zod';

const memory = z
  .string()
  .regex(/^\d+(\.\d+)?[kmg]?$/i, 'a size like "2g", "512m" or a number of bytes')
  .describe('Memory limit of each container ("2g", "512m", bytes); none when unset');

/** `runtimes.container` in ao.config.yaml. */
export const containerConfigSchema = z
  .object({
    socket: z
      .string()
      .min(1)
      .optional()
      .describe(
        'The Docker Engine API socket (Docker, or `podman system service`): a path or unix:// URL; default ' +
          'DOCKER_HOST, else /var/run/docker.sock, else /run/podman/podman.sock',
      ),
    image: z
      .string()
      .min(1)
      .default('ao-agent:latest')
      .describe('The image each session runs in (see deploy/agent-image); must hold the agent CLI'),
    cpus: z.number().positive().max(1024).optional().describe('CPU limit of each container (e.g. 1.5)'),
    memory: memory.optional(),
    network: z
      .enum(['host', 'bridge', 'none', 'ao-only'])
      .default('host')
      .describe(
        "host: the host's network (the daemon at its own loopback URL); bridge: the engine's default network, the " +
          'daemon reached through the host gateway (it must listen on an address the bridge reaches, see README); ' +
          'none: no network at all (hooks cannot report home); ao-only: an internal network ao creates (one per ' +
          "ao home) whose only way out is its gateway on this host, where ao serves its hook routes and MCP (the session's " +
          'scoped token) and nothing else: ' +
          'no internet, so the agent cannot reach a model API (e.g. api.anthropic.com) unless it is named in ' +
          '`egress` or served on the host (an LLM gateway listening where the gateway reaches it); ' +
          'any other service listening on all ' +
          "of the host's addresses is reachable from it too",
      ),
    daemonUrl: z
      .string()
      .url()
      .optional()
      .describe(
        'The daemon URL agents in containers call back into (overrides the one derived from `network`; not with ' +
          'network: ao-only, where it is the network gateway)',
      ),
    egress: z
      .array(
        z.object({
          name: z
            .string()
            .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes')
            .describe('The route: agents call http://<gateway>:<port>/egress/<name>/...'),
          url: z
            .string()
            .url()
            .describe('The upstream base URL it is forwarded to (e.g. https://api.anthropic.com)'),
          env: z
            .string()
            .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
            .optional()
            .describe('A variable set in each container to the route URL (e.g. ANTHROPIC_BASE_URL)'),
        }),
      )
      .default([])
      .describe(
        'With network: ao-only, upstreams the daemon forwards to from its gateway listener (a reverse proxy for a ' +
          'model API the containers cannot reach themselves); only these URLs are reachable, with whatever the ' +
          'agent sends (its API key included)',
      ),
    extraMounts: z
      .array(
        z.object({
          source: z.string().startsWith('/').describe('Absolute host path'),
          target: z.string().startsWith('/').optional().describe('Path in the container; default: source'),
          readOnly: z.boolean().default(false),
        }),
      )
      .default([])
      .describe('More bind mounts for every container'),
    env: z
      .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'))
      .default([])
      .describe(
        "Names of the daemon's environment variables passed into each container (e.g. ANTHROPIC_API_KEY)",
      ),
    path: z
      .string()
      .default('/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin')
      .describe('PATH inside the container (images imported from a root filesystem have none)'),
    stopTimeoutSec: z.number().int().min(0).max(300).default(3).describe('Grace before SIGKILL on kill'),
    defaultCols: z.number().int().min(20).max(1000).default(200),
    defaultRows: z.number().int().min(5).max(1000).default(50),
    replayChars: z
      .number()
      .int()
      .positive()
      .default(256 * 1024),
    scrollback: z.number().int().nonnegative().default(10_000),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.network === 'ao-only' && c.daemonUrl !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['daemonUrl'],
        message:
          'daemonUrl cannot be set with network: ao-only (its containers reach only the network gateway, where ' +
          'ao serves the hooks itself); remove daemonUrl or choose network: bridge',
      });
    }
    if (c.network !== 'ao-only' && c.egress.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['egress'],
        message: 'egress is only for network: ao-only (other networks reach their upstreams themselves)',
      });
    }
    const names = c.egress.map((e) => e.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['egress'], message: `egress name "${twice}" is given twice` });
    }
  });

export type ContainerConfig = z.infer<typeof containerConfigSchema>;

/** "2g" → bytes. */
export function memoryBytes(size: string): number {
  const m = /^(\d+(?:\.\d+)?)([kmg]?)$/i.exec(size);
  if (!m) throw new Error(`invalid memory size ${JSON.stringify(size)}`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').toLowerCase()] ?? 1;
  return Math.round(Number(m[1]) * unit);
}
