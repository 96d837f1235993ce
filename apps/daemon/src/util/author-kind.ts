export type AuthorKind = 'human' | 'bot' | 'agent';

/** Review bots known by name (their logins do not always end in `[bot]`, e.g. `Copilot`). */
const KNOWN_BOTS =
  /^(copilot|copilot-pull-request-reviewer|coderabbit(ai)?|cursor|cursoragent|github-actions|dependabot|renovate|sonarcloud|sonarqubecloud|codecov|sourcery-ai|deepsource|gemini-code-assist|greptile(-apps)?|ellipsis-dev|qodo-merge(-pro)?)$/i;

/**
 * Who wrote a review or a comment: `agent` for ao's own accounts (when known), `bot` for an app (`…[bot]`) or a known
 * review bot, else `human`.
 */
export function authorKindOf(login: string, agentLogins: ReadonlySet<string> = new Set()): AuthorKind {
  const l = login.trim().toLowerCase();
  if (agentLogins.has(l)) return 'agent';
  if (l.endsWith('[bot]') || KNOWN_BOTS.test(l.replace(/\[bot\]$/, ''))) return 'bot';
  return 'human';
}
