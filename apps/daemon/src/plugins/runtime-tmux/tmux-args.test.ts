import { describe, expect, it } from 'vitest';
import {
  chunkText,
  commandArgv,
  envArgs,
  escapeFormat,
  escapeTmuxArg,
  paneTarget,
  sessionTarget,
  shellQuote,
} from './tmux-args';

describe('tmux-args', () => {
  it('escapes a trailing ";" so tmux never reads it as a command separator', () => {
    expect(escapeTmuxArg('a;')).toBe('a\\;');
    expect(escapeTmuxArg(';')).toBe('\\;');
    expect(escapeTmuxArg('a\\;')).toBe('a\\\\;');
    expect(escapeTmuxArg('a;b')).toBe('a;b');
    expect(escapeTmuxArg('plain')).toBe('plain');
  });

  it('targets exactly and refuses names that are not session ids', () => {
    expect(sessionTarget('ao-1')).toBe('=ao-1');
    expect(paneTarget('ao-10')).toBe('=ao-10:');
    for (const bad of ['ao', 'ao-1:0', 'ao-1.1', '=ao-1', 'ao-1 ', 'Ao-1', '-ao-1']) {
      expect(() => sessionTarget(bad)).toThrow(/invalid tmux session name/);
    }
  });

  it('runs a one-word command through env, never a shell', () => {
    expect(commandArgv(['claude'])).toEqual(['env', '--', 'claude']);
    expect(commandArgv(['echo $HOME'])).toEqual(['env', '--', 'echo $HOME']);
    expect(commandArgv(['bash', '-c', 'x'])).toEqual(['bash', '-c', 'x']);
    expect(() => commandArgv([])).toThrow(/empty/);
    expect(() => commandArgv(['A=1'])).toThrow(/cannot contain/);
  });

  it('quotes for sh and for tmux formats', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(escapeFormat('#{pid} #(x) ##')).toBe('##{pid} ##(x) ####');
  });

  it('builds -e pairs and refuses bad variable names', () => {
    expect(envArgs({ A: '1', B_2: 'x y;' })).toEqual(['-e', 'A=1', '-e', 'B_2=x y;']);
    expect(() => envArgs({ 'A B': '1' })).toThrow(/invalid environment/);
  });

  it('chunks text by UTF-8 bytes without splitting characters', () => {
    const text = `${'a'.repeat(5)}🎉${'b'.repeat(5)}`;
    const chunks = chunkText(text, 7);
    expect(chunks.join('')).toBe(text);
    for (const chunk of chunks) expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(7);
    expect(chunks).toContain('🎉bbb');
  });
});
