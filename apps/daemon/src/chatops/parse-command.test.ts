import { describe, expect, it } from 'vitest';
import { MAX_INPUT_CHARS } from './chat-text';
import { parseCommand } from './parse-command';

describe('parseCommand', () => {
  it.each([
    ['status', { verb: 'status' }],
    ['  HELP ', { verb: 'help' }],
    ['/sessions@ao_bot', { verb: 'sessions' }],
    ['<@U0AOBOT> status', { verb: 'status' }],
    ['show demo-3', { verb: 'show', id: 'demo-3' }],
    ['/kill demo-3', { verb: 'kill', id: 'demo-3' }],
    ['merge demo-12', { verb: 'merge', id: 'demo-12' }],
    [
      'tell demo-3 add tests first\nthen push',
      { verb: 'tell', id: 'demo-3', text: 'add tests first\nthen push' },
    ],
    ['yes', { verb: 'yes' }],
    ['No', { verb: 'no' }],
  ])('%j is a command', (text, command) => {
    expect(parseCommand(text)).toEqual({ kind: 'command', command });
  });

  it.each([
    'kill',
    'kill ../../etc',
    'kill demo-3; rm -rf /',
    'show demo-3 extra',
    'tell demo-3',
    'tell DEMO-3 hi',
    'merge demo-0',
  ])('%j is refused with its usage', (text) => {
    const parsed = parseCommand(text);
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' && parsed.message).toMatch(/^Usage: /);
  });

  it('refuses text over the bound instead of cutting it', () => {
    expect(parseCommand(`tell demo-1 ${'x'.repeat(MAX_INPUT_CHARS)}`).kind).toBe('invalid');
  });

  it('leaves anything else as free text for the orchestrator', () => {
    expect(parseCommand('which PR blocks the others?')).toEqual({
      kind: 'free',
      text: 'which PR blocks the others?',
    });
    expect(parseCommand('status of demo-1?')).toEqual({ kind: 'free', text: 'status of demo-1?' });
  });

  it('reads decisions on escalations, with a number (# optional) and an answer kept as typed', () => {
    expect(parseCommand('accept #12')).toEqual({
      kind: 'command',
      command: { verb: 'accept', escalation: 12 },
    });
    expect(parseCommand('/reject@ao_bot 3')).toEqual({
      kind: 'command',
      command: { verb: 'reject', escalation: 3 },
    });
    expect(parseCommand('answer 4 Use  the smaller one')).toEqual({
      kind: 'command',
      command: { verb: 'answer', escalation: 4, text: 'Use  the smaller one' },
    });
    expect(parseCommand('escalations')).toEqual({ kind: 'command', command: { verb: 'escalations' } });
    for (const bad of ['accept demo-1', 'answer 4', 'reject 3 now', 'accept -1'])
      expect(parseCommand(bad).kind, bad).toBe('invalid');
  });
});
