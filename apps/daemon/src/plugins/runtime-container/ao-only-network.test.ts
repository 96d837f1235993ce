import type { NetworkInspectInfo } from 'dockerode';
import { describe, expect, it } from 'vitest';
import { gatewayOf } from './ao-only-network';
import { containerConfigSchema } from './config';
import { callbackUrl, containerSpec } from './container-spec';
import { aoOnlyNetworkName } from './labels';

const network = (over: Partial<NetworkInspectInfo>) =>
  ({
    Name: 'ao-h1-only',
    Internal: true,
    Labels: { 'ao.home': 'h1' },
    IPAM: {
      Driver: 'default',
      Config: [
        { Subnet: 'fd00::/64', Gateway: 'fd00::1' },
        { Subnet: '10.89.3.0/24', Gateway: '10.89.3.1' },
      ],
    },
    ...over,
  }) as NetworkInspectInfo;

describe('network: ao-only', () => {
  const config = containerConfigSchema.parse({ network: 'ao-only' });
  const spawn = { sessionId: 'p-1', cwd: '/tmp', command: ['x'], env: {} };

  it("attaches the container to ao's own network, and gives agents the hook listener at its gateway", () => {
    const spec = containerSpec({
      config,
      home: 'h1',
      kind: 'docker',
      spawn,
      cols: 80,
      rows: 24,
      hostEnv: {},
      aoOnly: { name: aoOnlyNetworkName('h1'), gateway: '10.89.3.1', port: 41234 },
    });
    expect(spec.HostConfig?.NetworkMode).toBe('ao-h1-only');
    // An egress route's variable points at the gateway listener (over what the agent's plan set).
    const withEgress = containerSpec({
      config: containerConfigSchema.parse({
        network: 'ao-only',
        egress: [{ name: 'model', url: 'https://api.anthropic.com', env: 'ANTHROPIC_BASE_URL' }],
      }),
      home: 'h1',
      kind: 'podman',
      spawn: { ...spawn, env: { ANTHROPIC_BASE_URL: 'https://elsewhere' } },
      cols: 80,
      rows: 24,
      hostEnv: {},
      aoOnly: { name: 'ao-h1-only', gateway: '10.89.3.1', port: 41234 },
    });
    expect(withEgress.Env).toContain('ANTHROPIC_BASE_URL=http://10.89.3.1:41234/egress/model');
    expect(withEgress.Env).not.toContain('ANTHROPIC_BASE_URL=https://elsewhere');
    expect(spec.HostConfig?.ExtraHosts).toBeUndefined();
    expect(callbackUrl(config, 'http://127.0.0.1:3000', { gateway: '10.89.3.1', port: 41234 })).toBe(
      'http://10.89.3.1:41234',
    );
    // Never a spec or URL without the network set up.
    expect(() =>
      containerSpec({ config, home: 'h1', kind: 'podman', spawn, cols: 80, rows: 24, hostEnv: {} }),
    ).toThrow(/ao-only network is not set up/);
    expect(() => callbackUrl(config, 'http://127.0.0.1:3000')).toThrow(/ao-only network is not set up/);
  });

  it('refuses daemonUrl with ao-only and egress without it, naming the key', () => {
    const res = containerConfigSchema.safeParse({ network: 'ao-only', daemonUrl: 'http://10.0.0.2:9' });
    expect(res.success).toBe(false);
    expect(res.error?.issues[0]?.path).toEqual(['daemonUrl']);
    expect(res.error?.issues[0]?.message).toMatch(/daemonUrl cannot be set with network: ao-only/);
    const egress = [{ name: 'model', url: 'https://api.anthropic.com', env: 'ANTHROPIC_BASE_URL' }];
    expect(containerConfigSchema.safeParse({ network: 'bridge', egress }).error?.issues[0]?.path).toEqual([
      'egress',
    ]);
    expect(
      containerConfigSchema.safeParse({ network: 'ao-only', egress: [...egress, ...egress] }).error?.issues[0]
        ?.message,
    ).toMatch(/given twice/);
    expect(
      containerConfigSchema.safeParse({ network: 'bridge', daemonUrl: 'http://10.0.0.2:9' }).success,
    ).toBe(true);
  });

  it("takes the IPv4 gateway of ao's internal network, and refuses a network of that name that is not it", () => {
    expect(gatewayOf(network({}), 'h1')).toBe('10.89.3.1');
    expect(() => gatewayOf(network({ Internal: false }), 'h1')).toThrow(/not ao's internal network/);
    expect(() => gatewayOf(network({ Labels: {} }), 'h1')).toThrow(/not ao's internal network/);
    expect(() => gatewayOf(network({ IPAM: { Driver: 'default', Config: [] } }), 'h1')).toThrow(
      /no IPv4 gateway/,
    );
  });
});
