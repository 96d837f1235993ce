import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  notifiersConfigSchema,
  parseDuration,
  REACTION_DEFAULTS,
  reactionKinds,
  reactionsConfigSchema,
} from './config-reactions';

describe('reactions config', () => {
  it('fills every kind with defaults when the section is absent', () => {
    const rules = reactionsConfigSchema.parse(undefined);
    expect(Object.keys(rules).sort()).toEqual([...reactionKinds].sort());
    expect(rules.ci_failed).toMatchObject({
      action: 'spawn_agent',
      retries: 3,
      escalateAfterMs: 30 * 60_000,
    });
    expect(rules.approved.action).toBe('notify'); // auto-merge is off by default
  });

  it('reads the issue example and keeps defaults for unspecified fields', () => {
    const rules = reactionsConfigSchema.parse({
      ci_failed: {
        action: 'spawn_agent',
        prompt: 'CI failed on this PR. Read the failure logs and fix the issues.',
        retries: 3,
        escalate_after: '30m',
      },
      changes_requested: {
        action: 'spawn_agent',
        prompt: 'Review comments have been posted. Address each comment and push fixes.',
      },
      approved: { action: 'notify', channel: 'slack', message: 'PR approved and ready to merge.' },
    });
    expect(rules.ci_failed.escalateAfterMs).toBe(1_800_000);
    expect(rules.changes_requested.retries).toBe(REACTION_DEFAULTS.changes_requested.retries);
    expect(rules.approved).toMatchObject({ channels: ['slack'], priority: 'action' });
    expect(rules.merge_conflict).toEqual(REACTION_DEFAULTS.merge_conflict);
  });

  it('names the key path of a mistake', () => {
    const bad = reactionsConfigSchema.safeParse({ ci_failed: { escalate_after: '30 minutes' } });
    expect(bad.error?.issues[0]?.path).toEqual(['ci_failed', 'escalate_after']);
    const typo = reactionsConfigSchema.safeParse({ ci_failed: { retry: 3 } });
    expect(typo.success).toBe(false);
    const unknownKind = reactionsConfigSchema.safeParse({ ci_broken: {} });
    expect(unknownKind.success).toBe(false);
    const merge = reactionsConfigSchema.safeParse({ ci_failed: { action: 'auto_merge' } });
    expect(merge.error?.issues[0]?.path).toEqual(['ci_failed', 'action']);
  });

  it('parses durations', () => {
    expect([parseDuration('500ms'), parseDuration('90s'), parseDuration('2h'), parseDuration('1d')]).toEqual([
      500, 90_000, 7_200_000, 86_400_000,
    ]);
    expect(() => parseDuration('soon')).toThrow(/duration/);
    expect(
      reactionsConfigSchema.parse({ ci_failed: { escalate_after: 'never' } }).ci_failed.escalateAfterMs,
    ).toBe(null);
  });

  it('routes notifiers by priority, with per-notifier settings beside', () => {
    expect(notifiersConfigSchema.parse(undefined).routing.urgent).toEqual(['desktop']);
    const n = notifiersConfigSchema.parse({
      routing: { info: ['slack'] },
      slack: { webhookUrl: 'https://x' },
    });
    expect(n.routing).toEqual({ urgent: ['desktop'], action: ['desktop'], warning: [], info: ['slack'] });
    expect(n.slack).toEqual({ webhookUrl: 'https://x' });
    expect(notifiersConfigSchema.safeParse({ routing: { loud: ['x'] } }).success).toBe(false);
  });

  it('produces a JSON Schema for editors', () => {
    const schema = z.toJSONSchema(z.object({ reactions: reactionsConfigSchema }), {
      io: 'input',
      target: 'draft-7',
    });
    expect(JSON.stringify(schema)).toContain('escalate_after');
  });
});
