/** `labelSelector` of the Kubernetes API, the equality subset: `a=b,c==d,e!=f,g,!h`. */
export function matchesLabels(selector: string | null, labels: Record<string, string>): boolean {
  if (selector === null || selector.trim() === '') return true;
  return selector.split(',').every((term) => {
    const t = term.trim();
    const ne = /^([^!=]+)!=(.*)$/.exec(t);
    if (ne) return labels[ne[1] ?? ''] !== ne[2];
    const eq = /^([^!=]+)==?(.*)$/.exec(t);
    if (eq) return labels[eq[1] ?? ''] === eq[2];
    if (t.startsWith('!')) return !(t.slice(1) in labels);
    return t in labels;
  });
}

/** `fieldSelector`: `metadata.name=x` and `metadata.namespace=y` only. */
export function matchesFields(
  selector: string | null,
  pod: { metadata: { name: string; namespace: string } },
): boolean {
  if (selector === null || selector.trim() === '') return true;
  return selector.split(',').every((term) => {
    const [key, value] = term.split('=');
    if (key === 'metadata.name') return pod.metadata.name === value;
    if (key === 'metadata.namespace') return pod.metadata.namespace === value;
    throw new Error(`field selector ${key} is not supported by the fake`);
  });
}
