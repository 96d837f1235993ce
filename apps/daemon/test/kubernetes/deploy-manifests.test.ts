import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const DEPLOY = resolve(__dirname, '../../../../deploy');

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML, checked field by field by the assertions
type Loose = any;
type Obj = {
  kind: string;
  apiVersion: string;
  metadata: { name: string; namespace?: string };
  [k: string]: unknown;
};

function docs(dir: string): Obj[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) =>
      parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => {
        expect(d.errors, f).toEqual([]);
        return d.toJS() as Obj;
      }),
    );
}

/** No cluster here: the manifests are parsed and checked against each other (names, labels, RBAC, probes). */
describe('deploy/kubernetes (plain manifests)', () => {
  const all = docs(join(DEPLOY, 'kubernetes'));
  const one = (kind: string) => {
    const found = all.filter((o) => o.kind === kind);
    expect(found, kind).toHaveLength(1);
    return found[0] as Obj & Record<string, Loose>;
  };

  it('has every object, all in the ao namespace', () => {
    expect(all.map((o) => o.kind).sort()).toEqual(
      [
        'Deployment',
        'Namespace',
        'PersistentVolumeClaim',
        'Role',
        'RoleBinding',
        'Service',
        'ServiceAccount',
      ].sort(),
    );
    for (const o of all.filter((o) => o.kind !== 'Namespace'))
      expect(o.metadata.namespace, o.kind).toBe('ao');
  });

  it('grants the daemon what the runtime uses, in its namespace only', () => {
    const role = one('Role');
    const verbs = (resource: string) =>
      role['rules']
        .filter((r: { resources: string[] }) => r.resources.includes(resource))
        .flatMap((r: { verbs: string[] }) => r.verbs);
    expect(verbs('pods')).toEqual(expect.arrayContaining(['create', 'get', 'list', 'watch', 'delete']));
    expect(verbs('pods/log')).toContain('get');
    expect(verbs('pods/exec')).toEqual(expect.arrayContaining(['create', 'get']));
    expect(verbs('pods/attach')).toEqual(expect.arrayContaining(['create', 'get']));
    expect(verbs('secrets')).toEqual(expect.arrayContaining(['create', 'get', 'list', 'update', 'delete']));
    const binding = one('RoleBinding');
    expect(binding['roleRef']).toMatchObject({ kind: 'Role', name: role.metadata.name });
    expect(binding['subjects']).toEqual([
      { kind: 'ServiceAccount', name: one('ServiceAccount').metadata.name, namespace: 'ao' },
    ]);
  });

  it('runs one daemon with the service account, the data PVC, and the Service names as allowed hosts', () => {
    const dep = one('Deployment');
    const spec = dep['spec'];
    expect(spec.replicas).toBe(1);
    expect(spec.strategy.type).toBe('Recreate');
    const pod = spec.template.spec;
    expect(pod.serviceAccountName).toBe(one('ServiceAccount').metadata.name);
    expect(pod.volumes[0].persistentVolumeClaim.claimName).toBe(one('PersistentVolumeClaim').metadata.name);
    const [c] = pod.containers;
    expect(c.args.slice(0, 3)).toEqual(['node', 'apps/daemon/bin/ao.mjs', 'up']);
    expect(c.args).toEqual(expect.arrayContaining(['--allowed-host', 'ao.ao.svc']));
    expect(c.env).toContainEqual({ name: 'AO_HOME', value: '/data' });
    expect(c.volumeMounts).toContainEqual({ name: 'data', mountPath: '/data' });
    const svc = one('Service');
    expect(svc['spec'].selector).toEqual(spec.selector.matchLabels);
    expect(spec.template.metadata.labels).toMatchObject(spec.selector.matchLabels);
    expect(svc['spec'].ports[0].targetPort).toBe(c.ports[0].name);
  });
});

describe('deploy/helm/ao (chart)', () => {
  const chart = join(DEPLOY, 'helm', 'ao');
  const values = parse(readFileSync(join(chart, 'values.yaml'), 'utf8')) as Record<string, unknown>;

  it('has a v2 chart and values that parse', () => {
    expect(parse(readFileSync(join(chart, 'Chart.yaml'), 'utf8'))).toMatchObject({
      apiVersion: 'v2',
      name: 'ao',
    });
    expect(values).toHaveProperty('image.repository');
  });

  it('refers only to values that exist, with balanced template actions', () => {
    const dir = join(chart, 'templates');
    const names = readdirSync(dir);
    expect(names).toEqual(
      expect.arrayContaining(['deployment.yaml', 'service.yaml', 'rbac.yaml', 'pvc.yaml']),
    );
    for (const name of names) {
      const text = readFileSync(join(dir, name), 'utf8');
      expect(text.split('{{').length, name).toBe(text.split('}}').length);
      for (const [, path] of text.matchAll(/\.Values\.([A-Za-z0-9_.]+)/g)) {
        const found = (path ?? '')
          .split('.')
          .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], values);
        expect(found, `${name}: .Values.${path}`).not.toBeUndefined();
      }
    }
    const role = readFileSync(join(dir, 'rbac.yaml'), 'utf8');
    for (const r of ['"pods/exec"', '"pods/attach"', '"pods/log"', '"watch"', '"secrets"'])
      expect(role).toContain(r);
  });
});

describe('deploy/docker-compose.yml', () => {
  it('builds the daemon from the repository Dockerfile with its data in a volume', () => {
    const compose = parse(readFileSync(join(DEPLOY, 'docker-compose.yml'), 'utf8')) as Record<string, Loose>;
    const ao = compose['services'].ao;
    expect(existsSync(join(DEPLOY, ao.build.context, ao.build.dockerfile))).toBe(true);
    expect(ao.volumes).toContain('ao-data:/data');
    expect(ao.environment.AO_HOME).toBe('/data');
  });
});
