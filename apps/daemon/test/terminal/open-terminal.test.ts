import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import type { Session } from '@ao/shared/session';
import { idleGenericAgent, makeProject, type ProjectFixture, waitFor } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../../src/util/exec';
import { AO_BIN } from '../helpers/cli';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';
import { startXvfb, type Xvfb } from './xvfb';
import { encodePng, type RgbImage } from './xwd-png';

const execFileP = promisify(execFile);
const onPath = (name: string) =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      return readdirSync(dir).includes(name);
    } catch {
      return false;
    }
  });
const X_TOOLS = ['Xvfb', 'xterm', 'xwd'];
const missing = X_TOOLS.filter((t) => !onPath(t));
// Under CI the X tools must be there (scripts/setup.sh --test installs them): a missing one fails the test.
const runX = missing.length === 0 || Boolean(process.env.CI);

/** The `ps`-free way to find what is still running: processes whose command line contains `needle`. */
function processesWith(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

const sameImage = (a: RgbImage, b: RgbImage) => a.rgb.equals(b.rgb);
/** Pixels of another colour than the top-left one: a window with text has thousands. */
const inkOf = (img: RgbImage) => {
  let ink = 0;
  for (let i = 0; i < img.rgb.length; i += 3)
    if (img.rgb[i] !== img.rgb[0] || img.rgb[i + 1] !== img.rgb[1] || img.rgb[i + 2] !== img.rgb[2]) ink++;
  return ink;
};

/** The screen once two captures in a row are equal, with a window on it, and unlike `unlike` when given. */
async function settledScreen(xvfb: Xvfb, unlike: RgbImage | null): Promise<RgbImage> {
  let last: RgbImage | null = null;
  return waitFor(
    async () => {
      const now = await xvfb.screenshot();
      const settled =
        last && sameImage(last, now) && inkOf(now) > 2000 && !(unlike && sameImage(unlike, now));
      last = now;
      return settled ? now : null;
    },
    unlike ? 'the screen to change and settle' : 'a settled screen with the terminal on it',
    20_000,
    200,
  );
}

describe('opening a session in a real terminal application (POST /api/sessions/:id/open-terminal)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'ao-terminal-'));
  const userSocket = join(scratch, 'user-tmux.sock');
  let xvfb: Xvfb | null = null;
  let d: TestDaemon;
  let inX: ProjectFixture;
  let inTmux: ProjectFixture;
  const aoTmux = (args: string[]) =>
    execFileP('tmux', ['-S', join(d.dataDir, 'tmux.sock'), ...args]).then((r) => r.stdout);
  const userTmux = (args: string[]) => execFileP('tmux', ['-S', userSocket, ...args]).then((r) => r.stdout);
  const clientsOf = async (id: string) =>
    (
      await aoTmux([
        'list-clients',
        '-t',
        `=${id}`,
        '-F',
        '#{client_termname} #{client_width}x#{client_height}',
      ])
    )
      .split('\n')
      .filter(Boolean);

  beforeAll(async () => {
    if (runX) xvfb = await startXvfb();
    // The user's own tmux server (another socket than ao's), as if the daemon had been started inside it.
    await userTmux(['new-session', '-d', '-s', 'mine', '-x', '120', '-y', '40']);
    const serverPid = (await userTmux(['display-message', '-p', '#{pid}'])).trim();
    inX = await makeProject('termx', { ...idleGenericAgent(['cat']), terminal: 'xterm' });
    inTmux = await makeProject('termt', { ...idleGenericAgent(['cat']), terminal: 'auto' });
    d = await startTestDaemon({
      env: { DISPLAY: xvfb?.display ?? '', WAYLAND_DISPLAY: '', TMUX: `${userSocket},${serverPid},0` },
    });
    for (const p of [inX, inTmux])
      expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
  });

  afterAll(async () => {
    const socket = d ? join(d.dataDir, 'tmux.sock') : null;
    await d?.stop(); // ao's tmux server goes with it: the attached clients end, and the windows they ran in
    await xvfb?.stop();
    await userTmux(['kill-server']).catch(() => undefined);
    if (socket) {
      // Every xterm the daemon started for this test ran `tmux -S <this data dir's socket> attach-session ...`.
      await waitFor(
        () => processesWith(socket).length === 0,
        'the terminals opened by the test to exit',
        15_000,
      ).catch(() => {
        for (const pid of processesWith(socket)) process.kill(pid, 'SIGKILL');
      });
    }
    inX?.cleanup();
    inTmux?.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  });

  const spawn = async (project: string) => {
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', { project, prompt: 'sit there' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { id } = res.body.session;
    await waitFor(
      async () => await aoTmux(['has-session', '-t', `=${id}`]).then(() => true),
      `${id} in tmux`,
    );
    return id;
  };

  it.skipIf(!runX)(
    `xterm under Xvfb shows the session's screen${missing.length ? ` (missing: ${missing})` : ''}`,
    async () => {
      const id = await spawn('termx');
      const res = await d.api<{ terminal: string }>('POST', `/api/sessions/${id}/open-terminal`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toEqual({ terminal: 'xterm' });

      // xterm's tmux client attached to exactly this session (its TERM is xterm's own, its size xterm's 80x24).
      const clients = await waitFor(
        async () => ((await clientsOf(id)).length ? clientsOf(id) : null),
        'a client on the session',
      );
      expect(clients).toEqual(['xterm 80x24']);

      // The screen once xterm shows the attached session (its window mapped, nothing changing any more).
      const before = await settledScreen(xvfb as Xvfb, null);
      const marker = `AO-XTERM-${process.pid}`;
      const sent = await d.api('POST', `/api/sessions/${id}/send`, { message: marker });
      expect(sent.status).toBe(200);
      await waitFor(
        async () => (await aoTmux(['capture-pane', '-p', '-t', `=${id}:`])).includes(marker),
        'the marker on the pane',
      );

      // xterm drew the marker: the screen changed from the one before it was sent, and settled.
      const shot = await settledScreen(xvfb as Xvfb, before);
      const png = join(scratch, 'terminal-xterm.png');
      writeFileSync(png, encodePng(shot));
      if (process.env.AO_TERMINAL_SCREENSHOT) copyFileSync(png, process.env.AO_TERMINAL_SCREENSHOT);
      expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    },
  );

  it("ao attach --open, tmux (auto, the daemon inside tmux): a window in the user's own tmux server attached to ao's session", async () => {
    const id = await spawn('termt');
    // Through the CLI: `ao attach <id> --open` asks the daemon.
    const cli = await exec(process.execPath, [AO_BIN, '--data-dir', d.dataDir, 'attach', id, '--open'], {
      env: { ...process.env, AO_URL: d.url },
      timeoutMs: 30_000,
    });
    expect(cli.stdout.trim()).toBe(`${id}: opened in tmux`);
    expect(await userTmux(['list-windows', '-t', '=mine', '-F', '#{window_name}'])).toContain(`ao ${id}`);
    await waitFor(
      async () => (await clientsOf(id)).length === 1,
      "the user's window attached to the session",
    );
    // A second server: ao's sessions never appear in the user's, nor the user's in ao's.
    expect(await aoTmux(['list-sessions', '-F', '#{session_name}'])).not.toContain('mine');
  });
});
