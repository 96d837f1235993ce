import { sessionIdSchema } from '@ao/shared/ids';
import { describe, expect, it } from 'vitest';
import { ControlParser } from './control-parser';
import { HOLDER } from './pane-watcher';
import { parsePanes, sessionViews } from './panes';

describe('ControlParser', () => {
  it('frames replies, tells ours (flags 1) from others, and passes notifications', () => {
    const parser = new ControlParser();
    const out = [
      '%begin 1700000000 12 0',
      '%end 1700000000 12 0',
      '%sessions-changed',
      '%begin 1700000000 13 1',
      '500 0   123 1700000000 a-1',
      '%end 1 2 1',
      '%end 1700000000 13 1',
      '%output %1 \\015\\012',
      '%begin 1700000000 14 1',
      "can't find session",
      '%error 1700000000 14 1',
    ].map((line) => parser.push(line));
    expect(out.filter((e) => e !== null)).toEqual([
      { type: 'reply', ok: true, lines: [], mine: false },
      { type: 'notification', name: 'sessions-changed', args: '' },
      { type: 'reply', ok: true, lines: ['500 0   123 1700000000 a-1', '%end 1 2 1'], mine: true },
      { type: 'notification', name: 'output', args: '%1 \\015\\012' },
      { type: 'reply', ok: false, lines: ["can't find session"], mine: true },
    ]);
  });

  it('reports text outside a block as stray', () => {
    expect(new ControlParser().push('hello')).toEqual({ type: 'stray', line: 'hello' });
  });
});

describe('panes', () => {
  it('names the holder session so it can never be an ao session id', () => {
    expect(sessionIdSchema.safeParse(HOLDER).success).toBe(false);
  });

  it('parses exit status and signal, and sums a session up from its panes', () => {
    const panes = parsePanes([
      '500 0   101 1700000001 live-1',
      '500 1 3  102 1700000002 code-1',
      '500 1  9 103 1700000003 sig-1',
      '500 1  kill 104 1700000004 bsd-1',
      '500 1   105 1700000005 reaping-1',
      '500 0   106 1700000006 ao-control',
      '500 1 0  107 1700000007 split-1',
      '500 0   108 1700000008 split-1',
      '500 0   109 1700000009 has space-1',
    ]);
    expect(panes[1]).toEqual({
      session: 'code-1',
      serverPid: 500,
      dead: true,
      exitCode: 3,
      signal: null,
      pid: 102,
      activity: 1700000002,
    });
    expect(panes.at(-1)?.session).toBe('has space-1');
    const views = Object.fromEntries(sessionViews(panes));
    expect(views).toEqual({
      'live-1': { state: { state: 'alive' }, statusPending: false },
      'code-1': { state: { state: 'exited', exitCode: 3, signal: null }, statusPending: false },
      'sig-1': { state: { state: 'exited', exitCode: null, signal: 'SIGKILL' }, statusPending: false },
      'bsd-1': { state: { state: 'exited', exitCode: null, signal: 'SIGKILL' }, statusPending: false },
      'reaping-1': { state: { state: 'exited', exitCode: null, signal: null }, statusPending: true },
      'split-1': { state: { state: 'alive' }, statusPending: false },
    });
  });
});
