import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentObservation, Logger } from '@ao/shared/plugin';
import { afterAll, describe, expect, it } from 'vitest';
import { chatHistoryPath } from './launch';
import { watchAider } from './watch';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const dir = mkdtempSync(join(tmpdir(), 'ao-aider-watch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function waitFor(label: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('watchAider', () => {
  it('follows new history lines only, then lets the screen say idle and waiting', async () => {
    const path = chatHistoryPath(dir);
    writeFileSync(
      path,
      '\n# aider chat started at 2026-11-22 10:00:00\n\n#### an old message from a previous run  \n\n',
    );
    let screen = 'aider> ';
    const seen: AgentObservation[] = [];
    const ctx = {
      sessionId: 'ao-7',
      cwd: '/w',
      sessionDir: dir,
      agentSessionId: null,
      pid: null,
      capture: async () => screen,
      logger: silent,
    };
    const w = watchAider(ctx, (o) => seen.push(o), { screenIntervalMs: 100, stableMs: 400 });
    try {
      await new Promise((r) => setTimeout(r, 300));
      appendFileSync(
        path,
        '\n# aider chat started at 2026-11-23 10:00:00\n\n#### fix the parser  \n#### please  \n\n',
      );
      await waitFor('user turn', () => seen.some((o) => o.userTurn));
      expect(seen.filter((o) => o.userTurn).map((o) => o.userTurn?.text)).toEqual(['fix the parser\nplease']);
      appendFileSync(
        path,
        'Here is the fix.\n\n> Tokens: 1k sent, 50 received. Cost: $0.01 message, $0.01 session.  \n',
      );
      screen = 'Here is the fix.\naider> ';
      await waitFor('usage', () => seen.some((o) => o.usage?.tokensIn === 1000));
      await waitFor('idle from the screen', () => seen.at(-1)?.signal?.activity === 'idle');
      expect(seen.at(-1)?.signal).toMatchObject({ source: 'screen', confidence: 'low' });
      screen = "Run shell command? (Y)es/(N)o/(D)on't ask again [Yes]: ";
      await waitFor('waiting from the screen', () => seen.at(-1)?.signal?.activity === 'waiting_input');
      const history = seen.filter((o) => o.signal?.source === 'chat-history').map((o) => o.signal?.detail);
      expect(history).toEqual(['user message sent', 'model replying']);
    } finally {
      w.close();
    }
  });
});
