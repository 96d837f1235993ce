import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Session } from '@ao/shared/session';
import { idleGenericAgent } from '@ao/testkit';
import { expect, test, waitForSession } from './fixtures';

const execFileP = promisify(execFile);

test.describe('Open in terminal (session page)', () => {
  test("opens the session in the user's own tmux, and shows the daemon's error when the terminal is missing", async ({
    loggedIn: page,
    daemon,
  }) => {
    // The user's own tmux server, on a socket of the test's (never ao's), named in the project's settings.
    const scratch = mkdtempSync(join(tmpdir(), 'ao-web-term-'));
    const socket = join(scratch, 'user.sock');
    const userTmux = (args: string[]) => execFileP('tmux', ['-S', socket, ...args]).then((r) => r.stdout);
    await userTmux(['new-session', '-d', '-s', 'mine']);
    try {
      await daemon.addProject('termok', {
        ...idleGenericAgent(),
        terminal: 'tmux',
        terminals: { tmux: { socket } },
      });
      await daemon.addProject('termmissing', {
        ...idleGenericAgent(),
        terminal: 'tmux',
        terminals: { tmux: { socket, binary: '/nonexistent/tmux' } },
      });
      const spawn = async (project: string) => {
        const r = await daemon.api<{ session: Session }>('POST', '/api/sessions', { project, prompt: 'sit' });
        expect(r.status).toBe(201);
        await waitForSession(daemon, r.body.session.id, (s) => s.status === 'running');
        return r.body.session;
      };
      const ok = await spawn('termok');
      const missing = await spawn('termmissing');

      await page.goto(`${daemon.url}/session/?id=${ok.id}`);
      await page.getByTestId('action-open-terminal').click();
      await expect(page.getByRole('status').filter({ hasText: 'Opened in tmux' })).toBeVisible();
      expect(await userTmux(['list-windows', '-t', '=mine', '-F', '#{window_name}'])).toContain(
        `ao ${ok.id}`,
      );

      await page.goto(`${daemon.url}/session/?id=${missing.id}`);
      await page.getByTestId('action-open-terminal').click();
      await expect(page.getByRole('alert').filter({ hasText: 'Open in terminal failed' })).toContainText(
        'terminal tmux is not available here: looked for /nonexistent/tmux',
      );
    } finally {
      await userTmux(['kill-server']).catch(() => undefined);
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
