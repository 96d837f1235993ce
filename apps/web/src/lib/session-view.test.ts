import { describe, expect, it } from 'vitest';
import { makeSession } from './session-fixture';
import { broughtBack, exitSummary, parseFix, whyLine } from './session-view';

const at = '2026-01-02T10:00:00.000Z';

describe('parseFix', () => {
  it('splits the reason from the fix and finds the command', () => {
    expect(
      parseFix('claude-code exited with code 1: Unable to connect to Anthropic services. Fix: run `claude`'),
    ).toEqual({
      reason: 'claude-code exited with code 1: Unable to connect to Anthropic services',
      fix: { text: 'run `claude`', command: 'claude' },
    });
  });
  it('keeps a fix without a command, and text without a fix', () => {
    expect(parseFix('no network. Fix: check the proxy settings').fix).toEqual({
      text: 'check the proxy settings',
      command: null,
    });
    expect(parseFix('exited with code 2')).toEqual({ reason: 'exited with code 2', fix: null });
  });
});

describe('exitSummary', () => {
  it('names the code or the signal', () => {
    expect(exitSummary({ code: 3, signal: null, lastLines: [], at })).toBe('exited with code 3');
    expect(exitSummary({ code: null, signal: 'SIGKILL', lastLines: [], at })).toBe('killed by SIGKILL');
    expect(exitSummary({ code: null, signal: null, lastLines: [], at })).toBe('exited (code unknown)');
  });
});

describe('whyLine', () => {
  it('an exited session: its code and the last line it printed', () => {
    const s = makeSession({
      status: 'exited',
      activity: 'exited',
      statusReason: 'generic exited with code 3: bye',
      exit: { code: 3, signal: null, lastLines: ['working…', 'bye'], at },
    });
    expect(whyLine(s)).toEqual({ text: 'exited with code 3: bye', tone: 'bad', fix: null });
  });
  it('a blocked exit carries the fix command', () => {
    const s = makeSession({
      status: 'exited',
      activity: 'blocked',
      statusReason: 'claude-code exited with code 1: Not logged in. Fix: run `claude`',
      exit: { code: 1, signal: null, lastLines: ['Not logged in'], at },
    });
    expect(whyLine(s)?.fix).toEqual({ text: 'run `claude`', command: 'claude' });
  });
  it('a running blocked agent: the evidence, with its fix', () => {
    const s = makeSession({
      activity: 'blocked',
      evidence: { source: 'hook', detail: 'needs a login. Fix: run `codex login`', at, confidence: 'high' },
    });
    expect(whyLine(s)).toEqual({
      text: 'needs a login',
      tone: 'bad',
      fix: { text: 'run `codex login`', command: 'codex login' },
    });
  });
  it('unknown says ao cannot tell, with the evidence; waiting input says what it waits for', () => {
    const evidence = {
      source: 'lifecycle',
      detail: 'no signal since it started',
      at,
      confidence: 'low' as const,
    };
    expect(whyLine(makeSession({ activity: 'unknown', evidence }))?.text).toBe(
      'ao cannot tell: no signal since it started',
    );
    expect(whyLine(makeSession({ activity: 'waiting_input', evidence }))?.tone).toBe('warn');
  });
  it('nothing for a working, starting or killed session', () => {
    expect(whyLine(makeSession())).toBeNull();
    expect(whyLine(makeSession({ activity: 'starting' }))).toBeNull();
    expect(whyLine(makeSession({ status: 'killed', activity: 'exited' }))).toBeNull();
  });
  it('a failure shows its reason', () => {
    expect(whyLine(makeSession({ status: 'failed', statusReason: 'git worktree add failed' }))?.text).toBe(
      'git worktree add failed',
    );
  });
});

describe('broughtBack', () => {
  it('is true for evidence from recovery', () => {
    const evidence = {
      source: 'recovery',
      detail: 'restored after a restart',
      at,
      confidence: 'high' as const,
    };
    expect(broughtBack(makeSession({ evidence }))).toBe(true);
    expect(broughtBack(makeSession())).toBe(false);
  });
});
