import { randomUUID } from 'node:crypto';
import { matchesLabels } from './selectors';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface FakeSecret {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion: string;
    creationTimestamp: string;
    labels?: Record<string, string>;
    ownerReferences?: OwnerReference[];
  };
  type: string;
  /** Values base64-encoded, as the API serves them. */
  data: Record<string, string>;
}

type SecretBody = Partial<Omit<FakeSecret, 'metadata'>> & {
  metadata?: Partial<FakeSecret['metadata']>;
  stringData?: Record<string, string>;
};

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const KEY = /^[-._a-zA-Z0-9]+$/;

/** A bad request, as the API server refuses it (422 Invalid). */
export class InvalidSecret extends Error {}

/**
 * The fake's Secrets, as the API server keeps them: `stringData` merged into base64 `data` on write, a uid and a
 * resourceVersion, labels, ownerReferences (a Secret owned by a pod goes when the pod goes, as the garbage collector
 * does it).
 */
export class SecretStore {
  private readonly secrets = new Map<string, FakeSecret>();

  constructor(private readonly nextVersion: () => string) {}

  private normalize(ns: string, body: SecretBody, old?: FakeSecret): FakeSecret {
    const name = body.metadata?.name ?? '';
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253) {
      throw new InvalidSecret(`Secret "${name}" is invalid: metadata.name: a lowercase RFC 1123 subdomain`);
    }
    const data: Record<string, string> = { ...(body.data ?? {}) };
    for (const [k, v] of Object.entries(body.stringData ?? {})) data[k] = Buffer.from(v).toString('base64');
    for (const k of Object.keys(data)) {
      if (!KEY.test(k))
        throw new InvalidSecret(`Secret "${name}" is invalid: data[${k}]: a valid config key`);
    }
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        ...(body.metadata?.labels ? { labels: { ...body.metadata.labels } } : {}),
        ...(body.metadata?.ownerReferences ? { ownerReferences: clone(body.metadata.ownerReferences) } : {}),
        name,
        namespace: ns,
        uid: old?.metadata.uid ?? randomUUID(),
        resourceVersion: this.nextVersion(),
        creationTimestamp: old?.metadata.creationTimestamp ?? new Date().toISOString(),
      },
      type: body.type ?? old?.type ?? 'Opaque',
      data,
    };
  }

  get(ns: string, name: string): FakeSecret | undefined {
    const s = this.secrets.get(`${ns}/${name}`);
    return s && clone(s);
  }

  list(ns: string, labels: string | null): FakeSecret[] {
    return [...this.secrets.values()]
      .filter((s) => s.metadata.namespace === ns && matchesLabels(labels, s.metadata.labels ?? {}))
      .map(clone);
  }

  /** Creates a Secret; undefined when one of that name exists (409). */
  create(ns: string, body: SecretBody): FakeSecret | undefined {
    if (this.secrets.has(`${ns}/${body.metadata?.name ?? ''}`)) return undefined;
    const s = this.normalize(ns, body);
    this.secrets.set(`${ns}/${s.metadata.name}`, s);
    return clone(s);
  }

  /** Replaces a Secret (PUT); undefined when there is none (404). */
  replace(ns: string, name: string, body: SecretBody): FakeSecret | undefined {
    const old = this.secrets.get(`${ns}/${name}`);
    if (!old) return undefined;
    if (body.metadata?.name !== undefined && body.metadata.name !== name) {
      throw new InvalidSecret(
        `the name of the object (${body.metadata.name}) does not match the name on the URL`,
      );
    }
    const s = this.normalize(ns, { ...body, metadata: { ...body.metadata, name } }, old);
    this.secrets.set(`${ns}/${name}`, s);
    return clone(s);
  }

  delete(ns: string, name: string): FakeSecret | undefined {
    const s = this.secrets.get(`${ns}/${name}`);
    if (s) this.secrets.delete(`${ns}/${name}`);
    return s;
  }

  /** The garbage collector: Secrets of the namespace owned by the deleted object (uid) go with it. */
  collect(ns: string, ownerUid: string): void {
    for (const [key, s] of this.secrets) {
      if (s.metadata.namespace === ns && s.metadata.ownerReferences?.some((o) => o.uid === ownerUid)) {
        this.secrets.delete(key);
      }
    }
  }

  /** A key's value (decoded), what `secretKeyRef` resolves to. */
  /** The keys of one Secret (none when it does not exist). */
  keys(ns: string, name: string): string[] {
    return Object.keys(this.secrets.get(`${ns}/${name}`)?.data ?? {});
  }

  value(ns: string, name: string, key: string): string | undefined {
    const v = this.secrets.get(`${ns}/${name}`)?.data[key];
    return v === undefined ? undefined : Buffer.from(v, 'base64').toString('utf8');
  }
}
