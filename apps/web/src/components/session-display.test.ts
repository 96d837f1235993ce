import type { Message } from '@ao/shared/session';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { makeSession } from '../lib/session-fixture';
import { ActivityBadge, QueuedChip } from './badges';
import { SentLine } from './send-dialog';
import { SessionWhy } from './session-why';

/** Server-rendered markup of the small display components (no DOM needed), as text without tags. */
const html = (el: Parameters<typeof renderToStaticMarkup>[0]) => renderToStaticMarkup(el);
const text = (markup: string) =>
  markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const at = '2026-01-02T10:00:00.000Z';

describe('a blocked agent on its card', () => {
  it('shows the reason and the fix command with a copy button', () => {
    const s = makeSession({
      status: 'exited',
      activity: 'blocked',
      statusReason:
        'claude-code exited with code 1: Unable to connect to Anthropic services. Fix: run `claude`',
      exit: { code: 1, signal: null, lastLines: ['Unable to connect to Anthropic services'], at },
    });
    const out = html(createElement(SessionWhy, { session: s }));
    expect(text(out)).toContain('exited with code 1: Unable to connect to Anthropic services');
    expect(out).toMatch(/data-testid="fix-command"[^>]*>claude<\/code>/);
    expect(out).toContain('aria-label="Copy the command: claude"');
    expect(text(html(createElement(ActivityBadge, { session: s })))).toBe('blocked');
  });
});

describe('states that are not working', () => {
  it('starting and unknown are named as such, unknown with its evidence', () => {
    expect(text(html(createElement(ActivityBadge, { session: makeSession({ activity: 'starting' }) })))).toBe(
      'starting',
    );
    const evidence = {
      source: 'lifecycle',
      detail: 'no signal since it started',
      at,
      confidence: 'low' as const,
    };
    const unknown = makeSession({ activity: 'unknown', evidence });
    expect(text(html(createElement(ActivityBadge, { session: unknown })))).toBe('unknown');
    expect(text(html(createElement(SessionWhy, { session: unknown })))).toBe(
      'ao cannot tell: no signal since it started',
    );
  });
});

describe('messages', () => {
  const row = (state: Message['state']): Message => ({
    id: 5,
    sessionId: 'demo-1',
    kind: 'message',
    text: 'run the tests',
    state,
    detail: null,
    createdAt: at,
    updatedAt: at,
  });
  const reply = {
    id: 5,
    state: 'queued' as const,
    detail: 'queued: the agent is busy and takes it with its next turn',
  };

  it('the send dialog says queued honestly, then delivered once the event says so', () => {
    const queued = html(createElement(SentLine, { sent: { reply, text: 'run the tests' }, row: undefined }));
    expect(text(queued)).toContain('Queued: the agent is busy; it will take this with its next turn.');
    expect(queued).toContain('data-state="queued"');
    const delivered = html(
      createElement(SentLine, { sent: { reply, text: 'run the tests' }, row: row('delivered') }),
    );
    expect(text(delivered)).toContain('Delivered: the agent started a turn with it.');
    const dropped = html(
      createElement(SentLine, { sent: { reply, text: 'run the tests' }, row: row('dropped') }),
    );
    expect(dropped).toContain('data-state="dropped"');
  });

  it('a card shows how many messages the agent holds', () => {
    expect(text(html(createElement(QueuedChip, { count: 2 })))).toBe('2 queued');
    expect(html(createElement(QueuedChip, { count: 0 }))).toBe('');
  });
});
