import { describe, expect, it } from 'vitest';
import { HookMapper } from './hook-events';

const base = {
  session_id: '11111111-2222-4333-8444-555555555555',
  transcript_path: '/cfg/projects/-r/11111111-2222-4333-8444-555555555555.jsonl',
  cwd: '/r',
  permission_mode: 'default',
};
const AT = '2026-11-23T23:00:00.000Z';
const map = (m: HookMapper, body: unknown) => m.map(body, () => AT);

describe('HookMapper (payloads as sent by claude 2.1.197)', () => {
  it('SessionStart → idle + agentSessionId', () => {
    const obs = map(new HookMapper(), {
      ...base,
      hook_event_name: 'SessionStart',
      source: 'startup',
      model: 'm',
    });
    expect(obs).toEqual({
      signal: {
        activity: 'idle',
        source: 'hook:SessionStart',
        detail: 'session startup',
        confidence: 'high',
        at: AT,
      },
      agentSessionId: base.session_id,
      model: 'm',
    });
  });

  it('UserPromptSubmit → working; the turn itself is confirmed by the transcript', () => {
    const obs = map(new HookMapper(), {
      ...base,
      hook_event_name: 'UserPromptSubmit',
      prompt: 'line one\nline two',
    });
    expect(obs?.signal?.activity).toBe('working');
    expect(obs?.signal?.source).toBe('hook:UserPromptSubmit');
    expect(obs?.userTurn).toBeUndefined();
  });

  it('PreToolUse/PostToolUse → working with the tool and a short input summary', () => {
    const m = new HookMapper();
    const pre = map(m, {
      ...base,
      hook_event_name: 'PreToolUse',
      tool_name: 'Bash',
      tool_input: { command: 'git add -A && git commit -m "add hello"', description: 'commit' },
    });
    expect(pre?.signal).toMatchObject({ activity: 'working', source: 'hook:PreToolUse' });
    expect(pre?.signal?.detail).toBe('running Bash(git add -A && git commit -m "add hello")');
    const post = map(m, {
      ...base,
      hook_event_name: 'PostToolUse',
      tool_name: 'Write',
      tool_input: { file_path: '/r/hello.txt', content: 'x'.repeat(500) },
      tool_response: {},
    });
    expect(post?.signal?.detail).toBe('ran Write(/r/hello.txt)');
    const long = map(m, {
      ...base,
      hook_event_name: 'PreToolUse',
      tool_name: 'Bash',
      tool_input: { command: 'a'.repeat(300) },
    });
    expect(long?.signal?.detail.length).toBeLessThan(100);
  });

  it('Stop → idle; SessionEnd → exited', () => {
    const m = new HookMapper();
    expect(
      map(m, { ...base, hook_event_name: 'Stop', last_assistant_message: 'done' })?.signal,
    ).toMatchObject({
      activity: 'idle',
      source: 'hook:Stop',
    });
    expect(map(m, { ...base, hook_event_name: 'SessionEnd', reason: 'other' })?.signal).toMatchObject({
      activity: 'exited',
      source: 'hook:SessionEnd',
      detail: 'session ended (other)',
    });
  });

  it('Notification permission_prompt → waiting_input naming the pending tool', () => {
    const m = new HookMapper();
    map(m, {
      ...base,
      hook_event_name: 'PreToolUse',
      tool_name: 'Write',
      tool_input: { file_path: '/r/hello.txt' },
    });
    const obs = map(m, {
      ...base,
      hook_event_name: 'Notification',
      message: 'Claude needs your permission',
      notification_type: 'permission_prompt',
    });
    expect(obs?.signal).toMatchObject({
      activity: 'waiting_input',
      source: 'hook:Notification',
      detail: 'Claude needs your permission: Write(/r/hello.txt)',
    });
  });

  it('Notification idle_prompt → idle, never waiting (a late one after Stop must not stick)', () => {
    const obs = map(new HookMapper(), {
      ...base,
      hook_event_name: 'Notification',
      message: 'Claude is waiting for your input',
      notification_type: 'idle_prompt',
    });
    expect(obs?.signal?.activity).toBe('idle');
  });

  it('malformed or unknown bodies → null, never a throw', () => {
    const m = new HookMapper();
    for (const body of [
      null,
      undefined,
      42,
      'Stop',
      [],
      {},
      { hook_event_name: 7 },
      { hook_event_name: 'Nope' },
    ]) {
      expect(map(m, body)).toBeNull();
    }
    expect(map(m, { hook_event_name: 'UserPromptSubmit' })).toBeNull();
    expect(map(m, { hook_event_name: 'PreToolUse' })).toBeNull();
    expect(map(m, { hook_event_name: 'Notification', notification_type: 'auth_success' })).toBeNull();
  });

  it('2.1.332: a prompt typed mid-turn (same prompt_id as the running turn) is queued, a new turn is a user turn', () => {
    const m = new HookMapper();
    const turn = { ...base, prompt_id: 'e317dcb1-a250-47f2-b2f2-d2706b461001' };
    const first = map(m, { ...turn, hook_event_name: 'UserPromptSubmit', prompt: 'SLOW2 again' });
    expect(first?.signal?.activity).toBe('working');
    map(m, { ...turn, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'sleep 4' } });
    const typed = map(m, { ...turn, hook_event_name: 'UserPromptSubmit', prompt: 'QUEUED three' });
    expect(typed).toEqual({ queued: { text: 'QUEUED three', at: AT } });
    map(m, { ...turn, hook_event_name: 'Stop', last_assistant_message: 'done' });
    // After the turn: a new prompt id, a new turn.
    const next = map(m, {
      ...base,
      prompt_id: '4c780e07-7a5c-45d6-bcc7-381bdf24c55c',
      hook_event_name: 'UserPromptSubmit',
      prompt: 'next',
    });
    expect(next?.signal?.activity).toBe('working');
    expect(next?.queued).toBeUndefined();
    // Another Claude session is tracked on its own.
    const other = map(m, { ...turn, session_id: 'other', hook_event_name: 'UserPromptSubmit', prompt: 'x' });
    expect(other?.queued).toBeUndefined();
  });

  it('StopFailure (both versions): an auth failure is blocked with its fix; a transient one ends the turn', () => {
    const m = new HookMapper();
    const auth = map(m, {
      ...base,
      prompt_id: 'p',
      hook_event_name: 'StopFailure',
      error: 'authentication_failed',
      last_assistant_message: 'Invalid API key · Fix external API key',
    });
    expect(auth?.signal).toMatchObject({
      activity: 'blocked',
      source: 'hook:StopFailure',
      confidence: 'high',
    });
    expect(auth?.signal?.detail).toBe(
      'the API refused the turn: Invalid API key · Fix external API key. Fix: set a valid ANTHROPIC_API_KEY in agents.claude-code.env, or run `claude` in a terminal and /login',
    );
    const busy = map(m, {
      ...base,
      hook_event_name: 'StopFailure',
      error: 'overloaded',
      last_assistant_message: '',
    });
    expect(busy?.signal).toMatchObject({ activity: 'idle', detail: 'turn failed: overloaded' });
  });

  it("2.1.197's permission notification for an AskUserQuestion is a question: blocked with it", () => {
    const m = new HookMapper();
    const pre = map(m, {
      ...base,
      hook_event_name: 'PreToolUse',
      tool_name: 'AskUserQuestion',
      tool_input: {
        questions: [{ question: 'Which color should the button be?', header: 'Color', options: [] }],
      },
    });
    expect(pre?.signal?.detail).toBe('running AskUserQuestion: Which color should the button be?');
    const note = map(m, {
      ...base,
      hook_event_name: 'Notification',
      notification_type: 'permission_prompt',
      message: 'Claude needs your permission to use AskUserQuestion',
    });
    expect(note?.signal).toMatchObject({
      activity: 'blocked',
      detail: 'Claude asks: Which color should the button be?',
    });
  });

  it('the idle notification does not hide a turn the API refused; a new prompt clears it', () => {
    const m = new HookMapper();
    map(m, {
      ...base,
      hook_event_name: 'StopFailure',
      error: 'authentication_failed',
      last_assistant_message: 'x',
    });
    const idle = {
      ...base,
      hook_event_name: 'Notification',
      notification_type: 'idle_prompt',
      message: 'waiting',
    };
    expect(map(m, idle)).toBeNull();
    map(m, { ...base, prompt_id: 'p2', hook_event_name: 'UserPromptSubmit', prompt: 'again' });
    expect(map(m, idle)?.signal?.activity).toBe('idle');
  });

  it('a turn that ends took its prompt: the Stop confirms it (the prompt hook alone does not)', () => {
    const m = new HookMapper();
    const turn = { ...base, prompt_id: 'p-9' };
    expect(
      map(m, { ...turn, hook_event_name: 'UserPromptSubmit', prompt: 'do it' })?.userTurn,
    ).toBeUndefined();
    expect(map(m, { ...turn, hook_event_name: 'Stop' })?.userTurn).toEqual({ text: 'do it', at: AT });
    expect(map(m, { ...turn, hook_event_name: 'Stop' })?.userTurn).toBeUndefined(); // once
  });

  it('hooks of a turn that arrive after its Stop (sent in parallel) are stale', () => {
    const m = new HookMapper();
    const turn = { ...base, prompt_id: 'p-1' };
    // The Stop of a one-second turn overtakes its UserPromptSubmit and tool hooks.
    expect(map(m, { ...turn, hook_event_name: 'Stop' })).toEqual({
      signal: { activity: 'idle', source: 'hook:Stop', detail: 'turn finished', confidence: 'high', at: AT },
    });
    // Its prompt hook, late: the turn took the prompt and is over already.
    expect(map(m, { ...turn, hook_event_name: 'UserPromptSubmit', prompt: 'hi' })).toEqual({
      userTurn: { text: 'hi', at: AT },
      signal: {
        activity: 'idle',
        source: 'hook:UserPromptSubmit',
        detail: 'turn finished',
        confidence: 'high',
        at: AT,
      },
    });
    expect(map(m, { ...turn, hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: {} })).toBeNull();
    expect(
      map(m, {
        ...turn,
        hook_event_name: 'Notification',
        notification_type: 'permission_prompt',
        message: 'x',
      }),
    ).toBeNull();
    // The idle notification of that turn still counts; the next turn is new.
    expect(
      map(m, { ...turn, hook_event_name: 'Notification', notification_type: 'idle_prompt', message: 'w' })
        ?.signal?.activity,
    ).toBe('idle');
    expect(
      map(m, { ...base, prompt_id: 'p-2', hook_event_name: 'UserPromptSubmit', prompt: 'next' })?.signal
        ?.activity,
    ).toBe('working');
  });
});
