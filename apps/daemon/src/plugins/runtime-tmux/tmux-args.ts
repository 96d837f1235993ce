import { sessionIdSchema } from '@ao/shared/ids';

/**
 * tmux splits its own argv into commands: an argument that ENDS with ';' is a command separator, so argv
 * `sh -c 'true;' kill-server` would run `kill-server`. A trailing `\;` is read as a literal ';' (one backslash
 * removed), so inserting a backslash before the final ';' makes any argument literal.
 */
export function escapeTmuxArg(arg: string): string {
  return arg.endsWith(';') ? `${arg.slice(0, -1)}\\;` : arg;
}

/** Escapes text for a tmux option that is expanded as a format (`-c`, `pipe-pane`): `#{..}` and `#(..)` stay literal. */
export function escapeFormat(text: string): string {
  return text.replaceAll('#', '##');
}

/** Quotes one word for `sh`: single quotes, with embedded single quotes as '\''. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Validates a tmux session name (ao's session id: `<project>-<n>`); anything else is refused before tmux sees it. */
export function checkName(name: string): string {
  const parsed = sessionIdSchema.safeParse(name);
  if (!parsed.success) throw new Error(`invalid tmux session name: ${JSON.stringify(name)}`);
  return name;
}

/** Exact session target: `=name` never matches a prefix (`ao-1` never hits `ao-10`). */
export function sessionTarget(name: string): string {
  return `=${checkName(name)}`;
}

/** Exact pane target (the session's current pane): `=name:`. */
export function paneTarget(name: string): string {
  return `=${checkName(name)}:`;
}

/**
 * tmux runs a one-word command through `sh -c` (so `['echo $HOME']` would be shell-expanded); two or more words are
 * exec'd directly. A one-word argv is therefore run as `env -- <word>`, which execs it without a shell.
 */
export function commandArgv(command: readonly string[]): string[] {
  const [first] = command;
  if (first === undefined || first === '') throw new Error('spawn: empty command');
  if (command.length > 1) return [...command];
  if (first.includes('='))
    throw new Error(`spawn: a program name cannot contain "=": ${JSON.stringify(first)}`);
  return ['env', '--', first];
}

/** Environment as `-e KEY=VAL` pairs; keys must be plain identifiers. */
export function envArgs(env: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      throw new Error(`spawn: invalid environment variable name ${JSON.stringify(key)}`);
    out.push('-e', `${key}=${value}`);
  }
  return out;
}

/** Splits text into chunks of at most `maxBytes` UTF-8 bytes without cutting a character in two. */
export function chunkText(text: string, maxBytes: number): string[] {
  const chunks: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > maxBytes && current !== '') {
      chunks.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  if (current !== '') chunks.push(current);
  return chunks;
}
