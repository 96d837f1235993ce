import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import { waitFor } from '@ao/testkit';
import { test as base, expect, type Page } from '@playwright/test';
import { type Daemon, startDaemon } from './daemon';

/** A fresh real daemon per test (own data dir, port and tmux socket); `page` starts logged in through the login URL `ao up` printed. */
export const test = base.extend<{ loggedIn: Page; daemon: Daemon }>({
  daemon: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
    async ({}, use, testInfo) => {
      const d = await startDaemon();
      try {
        await use(d);
      } finally {
        if (testInfo.status !== testInfo.expectedStatus) {
          await testInfo.attach('daemon.log', { body: d.log(), contentType: 'text/plain' });
        }
        await d.cleanup();
      }
    },
    { timeout: 120_000 },
  ],
  loggedIn: async ({ page, daemon }, use) => {
    await page.goto(daemon.loginUrl);
    await expect(page.getByTestId('open-spawn')).toBeVisible();
    await use(page);
  },
});

export { expect };

/** Waits until the daemon reports the session in a state (the API, not the UI). */
export async function waitForSession(
  daemon: Daemon,
  id: string,
  ok: (s: Session) => boolean,
  timeoutMs = 60_000,
): Promise<void> {
  await waitFor(
    async () => {
      const r = await daemon.api<{ session: Session }>('GET', `/api/sessions/${id}`);
      return r.status === 200 && ok(r.body.session);
    },
    `session ${id} to reach the expected state`,
    timeoutMs,
    250,
  );
}

/**
 * Waits until the session's screen shows `text` (e.g. the output of the prompt the agent typed). Killing a session
 * before its initial prompt is delivered crashed the daemon (unhandled rejection in deliver-message.ts), and a test
 * that types into the terminal must know the shell is ready.
 */
export async function waitForOutput(
  daemon: Daemon,
  id: string,
  text: string,
  timeoutMs = 60_000,
): Promise<void> {
  await waitFor(
    async () => {
      const r = await daemon.api<{ text: string }>('GET', `/api/sessions/${id}/output?lines=200`);
      return r.status === 200 && r.body.text.includes(text);
    },
    `session ${id} to show ${JSON.stringify(text)}`,
    timeoutMs,
    250,
  );
}

/**
 * A prompt for the generic (bash) agent that keeps its screen changing, so the session stays in Working, until
 * `stopBusyLoop` is called; then it prints `<tag>-done-7` and goes quiet (idle: the Review lane). A `title` is
 * typed first as a shell comment: the card shows it as the task.
 */
export function busyLoopPrompt(tag: string, title?: string): string {
  const loop = `while [ ! -e .ao-stop ]; do date +%s%N; sleep 0.3; done; echo ${tag}-done-$((3+4))`;
  return title ? `# ${title}\n${loop}` : loop;
}

/** Ends the loop of `busyLoopPrompt` (a file in the session's worktree). */
export function stopBusyLoop(s: Session): void {
  writeFileSync(join(s.worktreePath, '.ao-stop'), '');
}

/**
 * What a card must say about an exited session, from what the daemon recorded: "exited with code N" (or "killed by
 * SIGX"). The daemon sometimes records no code (tmux reported the pane dead before its exit status; reported to the
 * daemon's owners), and the board must then say "exited (code unknown)", not invent one.
 */
export async function exitText(daemon: Daemon, id: string): Promise<string> {
  const s = (await daemon.api<{ session: Session }>('GET', `/api/sessions/${id}`)).body.session;
  if (s.exit?.signal) return `killed by ${s.exit.signal}`;
  return s.exit?.code === null || s.exit?.code === undefined
    ? 'exited (code unknown)'
    : `exited with code ${s.exit.code}`;
}
