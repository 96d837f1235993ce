const MAX = 80;

const clip = (s: string): string => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > MAX ? `${one.slice(0, MAX - 1)}…` : one;
};

/** A short human summary of a tool call, e.g. `Bash(git commit -m "fix")` or `Write(src/a.ts)`. */
export function toolSummary(name: string, input: unknown): string {
  if (input === null || typeof input !== 'object') return name;
  const rec = input as Record<string, unknown>;
  const keys = ['command', 'file_path', 'path', 'pattern', 'url', 'query', 'description', 'prompt'];
  for (const key of keys) {
    const v = rec[key];
    if (typeof v === 'string' && v.trim() !== '') return `${name}(${clip(v)})`;
  }
  const first = Object.values(rec).find((v): v is string => typeof v === 'string' && v.trim() !== '');
  return first ? `${name}(${clip(first)})` : name;
}
