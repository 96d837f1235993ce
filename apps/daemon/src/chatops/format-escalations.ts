import type { Escalation } from '@ao/shared/events-mcp';
import { oneLine } from './chat-text';

/** `escalations`: the open ones, numbered for `accept <n>` / `reject <n>` / `answer <n> <text>`. */
export function formatEscalations(open: readonly Escalation[]): string {
  if (open.length === 0) return 'No escalations wait for you.';
  const lines = [`Escalations waiting for you (${open.length}):`];
  for (const e of open) {
    const who = e.sessionId ? ` [${e.sessionId}]` : '';
    lines.push(`#${e.id}${who} ${oneLine(e.summary, 300)}`);
    lines.push(
      `   recommends: ${oneLine(e.recommendation, 200)}${e.error ? ` (last try failed: ${oneLine(e.error, 120)})` : ''}`,
    );
  }
  lines.push('Reply accept <n>, reject <n> or answer <n> <text>.');
  return lines.join('\n');
}
