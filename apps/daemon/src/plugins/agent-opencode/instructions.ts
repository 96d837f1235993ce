import { join } from 'node:path';
import { writeFileAtomic } from '../agent-shared/atomic-write';

/** ao's system-prompt text for opencode, in the session dir (never the worktree), 0600. */
export const INSTRUCTIONS_FILE = 'opencode-instructions.md';
const MAX_CHARS = 16_000;

/**
 * Gives opencode ao's system-prompt text (lessons) through its config's `instructions` (files whose text it adds to
 * the system prompt): the text is written to a file in the session dir and named in `OPENCODE_CONFIG_CONTENT`, which
 * opencode merges over its other config. A user's own `OPENCODE_CONFIG_CONTENT` is kept, with the file added to its
 * `instructions`. Returns the environment to add (nothing without text).
 */
export async function instructionsEnv(
  sessionDir: string,
  text: string | null | undefined,
  userContent: string | undefined,
): Promise<Record<string, string>> {
  if (!text) return {};
  const file = join(sessionDir, INSTRUCTIONS_FILE);
  await writeFileAtomic(file, `${text.slice(0, MAX_CHARS)}\n`, 0o600);
  let content: Record<string, unknown> = {};
  if (userContent) {
    try {
      const parsed = JSON.parse(userContent) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        content = parsed as Record<string, unknown>;
    } catch {
      // Not JSON (opencode takes JSONC): left as the user wrote it, without ao's instructions.
      return {};
    }
  }
  const own = Array.isArray(content['instructions']) ? (content['instructions'] as unknown[]) : [];
  return { OPENCODE_CONFIG_CONTENT: JSON.stringify({ ...content, instructions: [...own, file] }) };
}
