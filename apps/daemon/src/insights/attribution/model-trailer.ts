/** Addresses of the co-author trailers ao writes, by model family; a commit carrying one counts as AI co-authored. */
const ADDRESSES: Array<[RegExp, string]> = [
  [/claude|anthropic|opus|sonnet|haiku/i, 'noreply@anthropic.com'],
  [/gpt|codex|openai|^o\d/i, 'noreply@openai.com'],
  [/gemini|google/i, 'noreply@google.com'],
];
/** For any other model (or an agent whose model is unknown): a reserved domain that never routes. */
export const FALLBACK_ADDRESS = 'agent@ao.invalid';
export const AI_ADDRESSES = new Set([...ADDRESSES.map(([, a]) => a), FALLBACK_ADDRESS]);

/** `<model> <address>`: the value of the `Co-Authored-By` trailer for a model (names are kept to a safe charset). */
export function coAuthorOf(model: string): string {
  const name = model.replace(/[^A-Za-z0-9._:/@+-]/g, '-').slice(0, 100) || 'agent';
  const address = ADDRESSES.find(([re]) => re.test(name))?.[1] ?? FALLBACK_ADDRESS;
  return `${name} <${address}>`;
}

/** Parses a trailer value `Name <address>`; null when it is not one. */
export function parseCoAuthor(value: string): { name: string; address: string } | null {
  const m = /^\s*(.+?)\s*<([^<>\s]+)>\s*$/.exec(value);
  return m?.[1] && m[2] ? { name: m[1], address: m[2].toLowerCase() } : null;
}
