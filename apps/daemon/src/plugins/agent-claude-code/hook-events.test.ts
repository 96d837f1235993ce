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

  it('UserPromptSubmit → working + userTurn with the prompt', () => {
    const obs = map(new HookMapper(), {
      ...base,
      hook_event_name: 'UserPromptSubmit',
      prompt: 'line one\nline two',
    });
    expect(obs?.signal?.activity).toBe('working');
    expect(obs?.signal?.source).toBe('hook:UserPromptSubmit');
    expect(obs?.userTurn).toEqual({ text: 'line one\nline two', at: AT });
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
});
