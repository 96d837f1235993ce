import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectClaudeScreen } from './screen';

/** Screens captured from the real TUIs (tmux capture-pane, 200x50), one per version. */
const screen = (name: string) =>
  readFileSync(join(import.meta.dirname, 'fixtures', 'screens', `${name}.txt`), 'utf8');
const VERSIONS = ['2.1.197', '2.1.332'] as const;

describe('inspectClaudeScreen on real Claude Code screens', () => {
  it.each(VERSIONS)('%s: tool permission prompts are permission prompts, with their words', (v) => {
    const bash = inspectClaudeScreen(screen(`permbash-${v}`));
    expect(bash?.kind).toBe('permission');
    expect(bash?.text).toContain('Bash command');
    expect(bash?.text).toContain('echo hi > /tmp/work/bashy.txt');
    expect(bash?.text).toContain('Do you want to proceed?');
    const write = inspectClaudeScreen(screen(`permwrite-${v}`));
    expect(write?.kind).toBe('permission');
    expect(write?.text).toContain('Do you want to create w.txt?');
  });

  it('2.1.332 with --permission-mode default: the prompt offering auto mode is still a permission prompt', () => {
    expect(inspectClaudeScreen(screen('permbash-default-2.1.332'))?.kind).toBe('permission');
  });

  it.each(
    VERSIONS.flatMap((v) => [
      [`trust-${v}`, 'Is this a project you created or one you trust?'],
      [`apikey-${v}`, 'Do you want to use this API key?'],
      [`bypass-${v}`, 'WARNING: Claude Code running in Bypass Permissions mode'],
    ]),
  )('%s is a dialog, never a permission prompt', (name, words) => {
    const verdict = inspectClaudeScreen(screen(name));
    expect(verdict?.kind).toBe('dialog');
    expect(verdict?.text).toContain(words);
  });

  it.each(VERSIONS)(
    '%s: an AskUserQuestion (a rule inside its options) is a dialog with the question',
    (v) => {
      const verdict = inspectClaudeScreen(screen(`askuser-${v}`));
      expect(verdict?.kind).toBe('dialog');
      expect(verdict?.text).toContain('Which color should the button be?');
      expect(verdict?.text).toContain('1. Red');
      expect(verdict?.text).toContain('Enter to select');
    },
  );

  it("2.1.332's auto mode notice ('Enter to stay in auto mode') is a dialog", () => {
    const verdict = inspectClaudeScreen(screen('automode-2.1.332'));
    expect(verdict?.kind).toBe('dialog');
    expect(verdict?.text).toContain("Auto mode can't check actions in this session");
    expect(verdict?.text).toContain('Enter to stay in auto mode');
  });

  it.each(VERSIONS)('%s: an idle prompt, a turn that failed, an exit message are not dialogs', (v) => {
    expect(inspectClaudeScreen(screen(`api-401-${v}`))).toBeNull();
    expect(inspectClaudeScreen(screen(`exit-offline-${v}`))).toBeNull();
    expect(inspectClaudeScreen(screen(`idle-typed-${v}`))).toBeNull();
    expect(inspectClaudeScreen('')).toBeNull();
  });

  it('keeps the text short', () => {
    const long = `${'─'.repeat(80)}\n Do you want to proceed?\n ${'x'.repeat(1000)}\n ❯ 1. Yes\n   2. No\n Esc to cancel`;
    const verdict = inspectClaudeScreen(long);
    expect(verdict?.kind).toBe('permission');
    expect(verdict?.text.length).toBeLessThanOrEqual(400);
  });
});
