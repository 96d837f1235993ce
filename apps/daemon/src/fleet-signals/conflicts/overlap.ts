/**
 * What two sets of changed paths share: the same paths, and whether any path of one lies under a path of the other
 * (a file on one side where the other has a directory conflicts too).
 */
export function overlapOf(
  a: ReadonlySet<string>,
  b: ReadonlySet<string>,
): { touches: boolean; paths: string[] } {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const paths = [...small].filter((p) => large.has(p));
  if (paths.length) return { touches: true, paths };
  return { touches: underAny(a, b) || underAny(b, a), paths };
}

/** True when a path of `a` has a parent directory that is a path of `b`. */
function underAny(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const path of a) {
    for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
      if (b.has(path.slice(0, i))) return true;
    }
  }
  return false;
}

/** A Map that forgets its oldest entries past `max` (the answers are keyed by commits, so they never go stale). */
export class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max = 50_000) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    this.map.set(key, value);
    if (this.map.size > this.max) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
  }
  delete(key: string): void {
    this.map.delete(key);
  }
}
