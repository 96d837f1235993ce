import { isIPv4 } from 'node:net';
import type { HookListeners, Logger } from '@ao/shared/plugin';
import type Dockerode from 'dockerode';
import type { NetworkInspectInfo } from 'dockerode';
import { aoOnlyNetworkName, LABEL_HOME } from './labels';

/** Where sessions on the ao-only network find the daemon. */
export interface AoOnlyNetwork {
  name: string;
  /** The network's gateway: the host's address on it, the only one its containers reach. */
  gateway: string;
  /** The hook-only listener's port at the gateway. */
  port: number;
}

const statusOf = (err: unknown) => (err as { statusCode?: number }).statusCode ?? 0;

/** The IPv4 gateway of a network (IPAM Config), checked to be ao's own internal network. */
export function gatewayOf(info: NetworkInspectInfo, home: string): string {
  const name = info.Name;
  if (!info.Internal || info.Labels?.[LABEL_HOME] !== home) {
    throw new Error(
      `container runtime: network ${name} exists but is not ao's internal network (Internal: ${info.Internal}, ` +
        `label ${LABEL_HOME}: ${info.Labels?.[LABEL_HOME] ?? 'none'}); remove it and ao creates it again`,
    );
  }
  const gateway = (info.IPAM?.Config ?? []).map((c) => c.Gateway).find((g) => g !== undefined && isIPv4(g));
  if (gateway === undefined) throw new Error(`container runtime: network ${name} has no IPv4 gateway`);
  return gateway;
}

/** Creates ao's internal network once (found again by name, labelled with ao's home) and returns its inspect. */
async function ensureNetwork(docker: Dockerode, home: string): Promise<NetworkInspectInfo> {
  const name = aoOnlyNetworkName(home);
  const inspect = () => docker.getNetwork(name).inspect() as Promise<NetworkInspectInfo>;
  const found = await inspect().catch((err: unknown) => {
    if (statusOf(err) === 404) return null;
    throw err;
  });
  if (found) return found;
  await docker
    .createNetwork({ Name: name, CheckDuplicate: true, Internal: true, Labels: { [LABEL_HOME]: home } })
    .catch((err: unknown) => {
      // Created meanwhile (Docker answers 409, Podman 500 "already exists"): the inspect below decides.
      if (![409, 500].includes(statusOf(err))) throw err;
    });
  return inspect();
}

/**
 * `network: ao-only`: ao's internal network and a hook-only listener at its gateway. The gateway address exists on
 * the host only while the bridge is up (Podman brings it up with the first container on it), so the listener is
 * bound as soon as it can be (`prepare`, after a restart with live containers) or right after a container started
 * (`listenAfterStart`); once bound it outlives the bridge going down and up again.
 */
export function aoOnlyAccess(opts: {
  docker: () => Promise<Dockerode>;
  home: string;
  hookListeners: HookListeners | undefined;
  /** Upstreams by name, reverse-proxied at the gateway listener (`/egress/<name>/...`). */
  egress: Readonly<Record<string, string>>;
  logger: Logger;
}) {
  let network: Promise<AoOnlyNetwork> | null = null;
  const listeners = (): HookListeners => {
    if (opts.hookListeners) return opts.hookListeners;
    throw new Error(
      'container runtime: network ao-only needs the daemon to serve hooks at the network gateway',
    );
  };
  const tryListen = async (gateway: string): Promise<boolean> =>
    listeners()
      .listen(gateway, opts.egress)
      .then(
        () => true,
        (err: NodeJS.ErrnoException) => {
          if (err.code === 'EADDRNOTAVAIL') return false; // no container on the network yet
          throw new Error(
            `container runtime: cannot serve hooks at ${gateway} (network ao-only): ${err.code ?? err.message}`,
          );
        },
      );

  const prepare = (): Promise<AoOnlyNetwork> => {
    network ??= (async () => {
      const info = await ensureNetwork(await opts.docker(), opts.home);
      const gateway = gatewayOf(info, opts.home);
      const port = await listeners().portFor(gateway);
      await tryListen(gateway);
      return { name: info.Name, gateway, port };
    })().catch((err: Error) => {
      network = null; // tried again with the next session
      throw err;
    });
    return network;
  };

  return {
    prepare,
    /** Binds the listener once a container brought the bridge (and the gateway address) up; waits up to 5 s. */
    async listenAfterStart(): Promise<void> {
      const { gateway } = await prepare();
      const until = Date.now() + 5_000;
      while (!(await tryListen(gateway))) {
        if (Date.now() > until) {
          opts.logger.warn(
            { gateway },
            'the ao-only gateway address never came up: hooks cannot report home',
          );
          return;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
