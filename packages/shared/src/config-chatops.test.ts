import { describe, expect, it } from 'vitest';
import { chatopsConfigSchema } from './config-chatops';

const paths = (input: unknown) =>
  chatopsConfigSchema.safeParse(input).error?.issues.map((i) => i.path.join('.')) ?? [];

describe('chatops config', () => {
  it('is off by default', () => {
    const config = chatopsConfigSchema.parse(undefined);
    expect(config.slack.enabled).toBe(false);
    expect(config.telegram.enabled).toBe(false);
    expect(config.confirmTimeoutSec).toBe(60);
  });

  it('names the missing tokens of an enabled bot', () => {
    expect(paths({ slack: { enabled: true }, telegram: { enabled: true } })).toEqual([
      'slack.appToken',
      'slack.botToken',
      'telegram.token',
    ]);
  });

  it('refuses tokens of the wrong kind, names instead of ids, and unknown keys', () => {
    expect(paths({ slack: { appToken: 'xoxb-1' } })).toEqual(['slack.appToken']);
    expect(paths({ slack: { allowUsers: ['@alice'] } })).toEqual(['slack.allowUsers.0']);
    expect(paths({ telegram: { allowUsers: ['alice'] } })).toEqual(['telegram.allowUsers.0']);
    expect(paths({ telegram: { apiRoot: 'http://127.0.0.1:1/' } })).toEqual(['telegram.apiRoot']);
    expect(paths({ discord: {} })).toEqual(['']);
  });
});
