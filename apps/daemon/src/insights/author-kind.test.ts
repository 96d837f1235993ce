import { describe, expect, it } from 'vitest';
import { authorKindOf } from '../util/author-kind';
import { coAuthorOf, parseCoAuthor } from './attribution/model-trailer';
import { hooksEnv } from './attribution/session-env';
import { parseSince } from './report/report-service';

describe('authorKindOf', () => {
  it.each([
    ['cursor[bot]', 'bot'],
    ['coderabbitai[bot]', 'bot'],
    ['coderabbitai', 'bot'],
    ['Copilot', 'bot'],
    ['copilot-pull-request-reviewer', 'bot'],
    ['github-actions[bot]', 'bot'],
    ['alice', 'human'],
    ['cursorfan', 'human'],
    ['ao-agent', 'agent'],
  ])('%s is a %s', (login, kind) => {
    expect(authorKindOf(login, new Set(['ao-agent']))).toBe(kind);
  });
});

describe('co-author trailers', () => {
  it('names the model with its vendor address, and parses back', () => {
    expect(coAuthorOf('claude-sonnet-4-5')).toBe('claude-sonnet-4-5 <noreply@anthropic.com>');
    expect(coAuthorOf('gpt-5')).toBe('gpt-5 <noreply@openai.com>');
    expect(coAuthorOf('qwen 3; rm -rf')).toBe('qwen-3--rm--rf <agent@ao.invalid>');
    expect(parseCoAuthor('gpt-5 <NoReply@OpenAI.com>')).toEqual({
      name: 'gpt-5',
      address: 'noreply@openai.com',
    });
    expect(parseCoAuthor('no address')).toBeNull();
  });

  it('appends core.hooksPath after the GIT_CONFIG_* entries already there', () => {
    const m = { file: '/d/sessions/x/model', fallback: 'm <a@b>' };
    expect(hooksEnv({}, '/d/hooks', m)).toMatchObject({
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'core.hooksPath',
      GIT_CONFIG_VALUE_0: '/d/hooks',
    });
    expect(hooksEnv({ GIT_CONFIG_COUNT: '2' }, '/d/hooks', m)).toMatchObject({
      GIT_CONFIG_COUNT: '3',
      GIT_CONFIG_KEY_2: 'core.hooksPath',
    });
  });
});

describe('parseSince', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');
  it('reads durations and dates, and names the field of a bad one', () => {
    expect(parseSince(undefined, now)).toBe('2026-11-20T12:00:00.000Z');
    expect(parseSince('12h', now)).toBe('2026-11-27T00:00:00.000Z');
    expect(parseSince('2w', now)).toBe('2026-11-13T12:00:00.000Z');
    expect(parseSince('2026-11-01', now)).toBe('2026-11-01T00:00:00.000Z');
    expect(() => parseSince('soon', now)).toThrow(/since/);
  });
});
