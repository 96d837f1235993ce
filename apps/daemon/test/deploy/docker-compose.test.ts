import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../../../../', import.meta.url).pathname;

interface Compose {
  services: Record<
    string,
    { build?: { context: string; dockerfile: string }; volumes?: string[]; ports?: string[] }
  >;
  volumes?: Record<string, unknown>;
}

// No Docker engine runs here: check that the files parse and refer to files that exist.
describe('docker-compose.yml and Dockerfile', () => {
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as Compose;

  it('builds ao from a Dockerfile that exists and keeps data in a named volume', () => {
    const ao = compose.services.ao;
    expect(ao).toBeDefined();
    const build = ao?.build;
    expect(build && existsSync(join(root, build.context, build.dockerfile))).toBe(true);
    const dataVolume = ao?.volumes?.find((v) => v.endsWith(':/data'))?.split(':')[0];
    expect(dataVolume).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(dataVolume);
    expect(ao?.ports?.every((p) => p.startsWith('127.0.0.1:'))).toBe(true);
  });

  it('copies only paths that exist and starts the CLI that the build produces', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) =>
      (m[1] ?? '').split(/\s+/),
    );
    expect(sources.length).toBeGreaterThan(3);
    for (const src of sources) expect(existsSync(join(root, src)), src).toBe(true);
    expect(dockerfile).toMatch(/apps\/daemon\/bin\/ao\.mjs", "up"/);
    expect(existsSync(join(root, 'apps/daemon/bin/ao.mjs'))).toBe(true);
    const pkg = JSON.parse(readFileSync(join(root, 'apps/daemon/package.json'), 'utf8')) as {
      scripts: { build: string };
    };
    expect(pkg.scripts.build).toMatch(/build\.mjs/);
  });
});
