import { waitFor } from '@ao/testkit';
import { describe, expect, it } from 'vitest';
import { Confirmations, type PendingChange } from './confirmations';

const change = (owner: string, onExpire: () => void = () => undefined): PendingChange => ({
  owner,
  command: 'kill demo-1',
  sessionId: 'demo-1',
  describe: 'kill demo-1',
  run: async () => 'done',
  expired: onExpire,
});

describe('Confirmations', () => {
  it('gives a change to its owner only, once, by token or as the latest', () => {
    const c = new Confirmations(60_000);
    const token = c.ask(change('slack:U1:D1'));
    expect(c.take('slack:U2:D1', token)).toBeNull();
    expect(c.take('slack:U1:D1', token)?.describe).toBe('kill demo-1');
    expect(c.take('slack:U1:D1', token)).toBeNull();
    c.ask(change('slack:U1:D1'));
    expect(c.take('slack:U1:D1')).not.toBeNull();
    c.clear();
  });

  it('keeps one change per owner: a new one replaces the older', () => {
    const c = new Confirmations(60_000);
    const first = c.ask(change('telegram:1:1'));
    c.ask(change('telegram:1:1'));
    expect(c.take('telegram:1:1', first)).toBeNull();
    expect(c.take('telegram:1:1')).not.toBeNull();
  });

  it('drops a change past its timeout and says so', async () => {
    const c = new Confirmations(20);
    let expired = false;
    c.ask(
      change('telegram:1:1', () => {
        expired = true;
      }),
    );
    await waitFor(() => expired, 'the change to expire', 5000, 5);
    expect(c.take('telegram:1:1')).toBeNull();
  });
});
