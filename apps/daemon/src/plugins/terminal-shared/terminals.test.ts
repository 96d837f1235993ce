import type { ExecFn, Terminal, TerminalHost, TerminalOpenRequest } from '@ao/shared/plugin';
import { describe, expect, it } from 'vitest';
import { gnomeTerminalSpec } from '../terminal-gnome-terminal';
import { createIterm2Terminal, ITERM2_SCRIPT, iterm2Args } from '../terminal-iterm2';
import { kittySpec } from '../terminal-kitty';
import { createTmuxTerminal, tmuxTerminalArgs } from '../terminal-tmux';
import { weztermSpec } from '../terminal-wezterm';
import { xtermSpec } from '../terminal-xterm';
import { AUTO_ORDER, chooseTerminal } from './detect-terminal';
import { createGuiTerminal, type GuiTerminalSpec, guiConfigSchema } from './gui-terminal';

const ATTACH = ['/usr/bin/tmux', '-S', '/home/me/.ao/tmux.sock', 'attach-session', '-t', '=myrepo-3'];
const linux = (env: Record<string, string> = {}): TerminalHost => ({
  platform: 'linux',
  env: { PATH: '/usr/bin', ...env },
});
const request = (host: TerminalHost, argv: readonly string[] = ATTACH): TerminalOpenRequest => ({
  sessionId: 'myrepo-3',
  title: 'ao myrepo-3',
  argv,
  host,
});

/** A machine where `programs` are on PATH and `files` exist; every launch is recorded, nothing runs. */
function machine(programs: string[] = [], files: string[] = []) {
  const launched: Array<{ how: 'spawn' | 'exec'; file: string; args: readonly string[]; env: unknown }> = [];
  const exec: ExecFn = async (file, args, opts) => {
    launched.push({ how: 'exec', file, args, env: opts?.env });
    return { stdout: '', stderr: '' };
  };
  return {
    launched,
    exec,
    which: (name: string) =>
      programs.includes(name) ? (name.startsWith('/') ? name : `/usr/bin/${name}`) : null,
    exists: (path: string) => files.includes(path),
    spawn: async (file: string, args: readonly string[], opts: { env: unknown }) => {
      launched.push({ how: 'spawn', file, args, env: opts.env });
    },
  };
}

const gui = (spec: GuiTerminalSpec, m: ReturnType<typeof machine>, settings: unknown = {}) =>
  createGuiTerminal(spec, guiConfigSchema.parse(settings), m);

describe('GUI terminals: the exact argv, spawned detached with the daemon environment', () => {
  const host = linux({ DISPLAY: ':0' });
  const cases: Array<[GuiTerminalSpec, string[]]> = [
    [xtermSpec, ['-T', 'ao myrepo-3', '-e', ...ATTACH]],
    [kittySpec, ['--title', 'ao myrepo-3', ...ATTACH]],
    [weztermSpec, ['start', '--', ...ATTACH]],
    [gnomeTerminalSpec, ['--title', 'ao myrepo-3', '--', ...ATTACH]],
  ];
  for (const [spec, args] of cases) {
    it(spec.name, async () => {
      const m = machine([spec.name]);
      await gui(spec, m).open(request(host));
      expect(m.launched).toEqual([{ how: 'spawn', file: `/usr/bin/${spec.name}`, args, env: host.env }]);
    });
  }

  it('binary and args from the settings come first; a title or argument is one argv item, never split', async () => {
    const m = machine(['/opt/x/bin/xterm']);
    const argv = ['/usr/bin/tmux', 'attach-session', '-t', '=a b; rm -rf ~'];
    await gui(xtermSpec, m, { binary: '/opt/x/bin/xterm', args: ['-fa', 'Monospace'] }).open({
      ...request(host, argv),
      title: "it's $(ao)",
    });
    expect(m.launched[0]?.file).toBe('/opt/x/bin/xterm');
    expect(m.launched[0]?.args).toEqual(['-fa', 'Monospace', '-T', "it's $(ao)", '-e', ...argv]);
  });

  it('refuses a command that would read as an option of the terminal', async () => {
    const m = machine(['xterm']);
    await expect(gui(xtermSpec, m).open(request(host, ['-e', 'sh']))).rejects.toThrow(/not a command to run/);
    await expect(gui(xtermSpec, m).open(request(host, []))).rejects.toThrow(/not a command to run/);
    expect(m.launched).toEqual([]);
  });

  it('available: on PATH and a display (xterm: X11 only; kitty and wezterm need none on macOS)', async () => {
    const all = machine(['xterm', 'kitty', 'wezterm', 'gnome-terminal']);
    const wayland = linux({ WAYLAND_DISPLAY: 'wayland-0' });
    expect(await gui(xtermSpec, all).available(linux({ DISPLAY: ':1' }))).toBe(true);
    expect(await gui(xtermSpec, all).available(wayland)).toBe(false);
    expect(await gui(gnomeTerminalSpec, all).available(wayland)).toBe(true);
    expect(await gui(kittySpec, all).available(linux())).toBe(false);
    expect(await gui(kittySpec, all).available({ platform: 'darwin', env: {} })).toBe(true);
    expect(await gui(weztermSpec, machine()).available(linux({ DISPLAY: ':0' }))).toBe(false);
  });
});

describe('tmux: a window in the user own tmux session', () => {
  const inTmux = linux({ TMUX: '/tmp/tmux-1000/default,4242,0' });
  const create = (m: ReturnType<typeof machine>, settings: Record<string, unknown> = {}) =>
    createTmuxTerminal({ binary: 'tmux', ...settings }, m);

  it("new-window on the socket named by $TMUX (the user's server), exec'd with an argument array", async () => {
    const m = machine(['tmux']);
    await create(m).open(request(inTmux));
    expect(m.launched).toEqual([
      {
        how: 'exec',
        file: 'tmux',
        args: ['-S', '/tmp/tmux-1000/default', 'new-window', '-n', 'ao myrepo-3', '--', ...ATTACH],
        env: inTmux.env,
      },
    ]);
  });

  it('a configured socket and session; a one-word command is not handed to sh -c', () => {
    const args = tmuxTerminalArgs(
      { binary: 'tmux', socket: '/run/me/tmux.sock', session: 'work' },
      request(linux(), ['/opt/attach']),
    );
    expect(args).toEqual([
      '-S',
      '/run/me/tmux.sock',
      'new-window',
      '-t',
      '=work:',
      '-n',
      'ao myrepo-3',
      '--',
      'env',
      '--',
      '/opt/attach',
    ]);
  });

  it("never opens a window on ao's own tmux server", async () => {
    const m = machine(['tmux']);
    const insideAo = linux({ TMUX: '/home/me/.ao/tmux.sock,99,0' });
    await expect(createTmuxTerminal({ binary: 'tmux' }, m).open(request(insideAo))).rejects.toThrow(
      "/home/me/.ao/tmux.sock is ao's own tmux server (the daemon runs inside it): set terminals.tmux.socket",
    );
    expect(m.launched).toEqual([]);
  });

  it('available only inside tmux or with a socket configured, and with tmux on PATH', async () => {
    expect(await create(machine(['tmux'])).available(inTmux)).toBe(true);
    expect(await create(machine(['tmux'])).available(linux())).toBe(false);
    expect(await create(machine(['tmux']), { socket: '/s' }).available(linux())).toBe(true);
    expect(await create(machine()).available(inTmux)).toBe(false);
  });
});

describe('iterm2: osascript with a fixed AppleScript, the data in argv', () => {
  it('the exact osascript argv', async () => {
    const m = machine([], ['/Applications/iTerm.app']);
    const host: TerminalHost = { platform: 'darwin', env: { HOME: '/Users/me' } };
    await createIterm2Terminal({ mode: 'tab' }, m).open(request(host));
    expect(m.launched).toEqual([
      {
        how: 'exec',
        file: 'osascript',
        args: [...ITERM2_SCRIPT.flatMap((l) => ['-e', l]), 'ao', 'tab', 'ao myrepo-3', ...ATTACH],
        env: host.env,
      },
    ]);
  });

  it('the script reads everything from argv and quotes each word for the shell', () => {
    expect(ITERM2_SCRIPT).toEqual([
      'on run argv',
      'set theMode to item 2 of argv',
      'set theTitle to item 3 of argv',
      'set theCommand to "exec"',
      'repeat with i from 4 to count of argv',
      'set theCommand to theCommand & " " & quoted form of (item i of argv)',
      'end repeat',
      'tell application "iTerm"',
      'activate',
      'if theMode is "window" or (count of windows) is 0 then',
      'set theWindow to (create window with default profile)',
      'else',
      'set theWindow to current window',
      'tell theWindow to create tab with default profile',
      'end if',
      'tell current session of theWindow',
      'set name to theTitle',
      'write text theCommand',
      'end tell',
      'end tell',
      'end run',
    ]);
    const args = iterm2Args({ mode: 'window' }, { ...request(linux()), title: '"; do shell script "x' });
    const script = args.slice(0, ITERM2_SCRIPT.length * 2).join('\n');
    expect(script).not.toContain('myrepo-3');
    expect(args.slice(ITERM2_SCRIPT.length * 2)).toEqual([
      'ao',
      'window',
      '"; do shell script "x',
      ...ATTACH,
    ]);
  });

  it('available on macOS with iTerm.app in /Applications or ~/Applications', async () => {
    const mac = (env = {}): TerminalHost => ({ platform: 'darwin', env });
    expect(
      await createIterm2Terminal({ mode: 'tab' }, machine([], ['/Applications/iTerm.app'])).available(mac()),
    ).toBe(true);
    const own = machine([], ['/Users/me/Applications/iTerm.app']);
    expect(await createIterm2Terminal({ mode: 'tab' }, own).available(mac({ HOME: '/Users/me' }))).toBe(true);
    expect(await createIterm2Terminal({ mode: 'tab' }, machine()).available(mac())).toBe(false);
    const linuxWithApp = machine([], ['/Applications/iTerm.app']);
    expect(await createIterm2Terminal({ mode: 'tab' }, linuxWithApp).available(linux())).toBe(false);
  });
});

describe('terminal: auto', () => {
  /** Every built-in terminal on a machine with these programs and files. */
  const source = (programs: string[], files: string[] = []) => {
    const m = machine(programs, files);
    const made = new Map<string, Terminal>();
    const make = (name: string): Terminal => {
      if (name === 'iterm2') return createIterm2Terminal({ mode: 'tab' }, m);
      if (name === 'tmux') return createTmuxTerminal({ binary: 'tmux' }, m);
      const spec = {
        xterm: xtermSpec,
        kitty: kittySpec,
        wezterm: weztermSpec,
        'gnome-terminal': gnomeTerminalSpec,
      }[name];
      if (!spec) throw new Error(`unknown ${name}`);
      return gui(spec, m);
    };
    return {
      has: (name: string) => name !== 'nosuch',
      create: (name: string) => made.get(name) ?? made.set(name, make(name)).get(name)!,
    };
  };
  const pick = async (host: TerminalHost, programs: string[], files: string[] = []) =>
    (await chooseTerminal('auto', source(programs, files), host)).name;
  const every = ['tmux', 'kitty', 'wezterm', 'gnome-terminal', 'xterm'];

  it('the order: iTerm2 on macOS, tmux inside tmux, then kitty, wezterm, gnome-terminal, xterm with a display', async () => {
    expect(AUTO_ORDER).toEqual(['iterm2', 'tmux', 'kitty', 'wezterm', 'gnome-terminal', 'xterm']);
    const mac: TerminalHost = { platform: 'darwin', env: { TMUX: '/t,1,0' } };
    expect(await pick(mac, every, ['/Applications/iTerm.app'])).toBe('iterm2');
    expect(await pick(mac, every)).toBe('tmux');
    const x = linux({ DISPLAY: ':0', TMUX: '/t,1,0' });
    expect(await pick(x, every, ['/Applications/iTerm.app'])).toBe('tmux');
    expect(await pick(linux({ DISPLAY: ':0' }), every)).toBe('kitty');
    expect(await pick(linux({ DISPLAY: ':0' }), ['wezterm', 'gnome-terminal', 'xterm'])).toBe('wezterm');
    expect(await pick(linux({ DISPLAY: ':0' }), ['gnome-terminal', 'xterm'])).toBe('gnome-terminal');
    expect(await pick(linux({ DISPLAY: ':0' }), ['xterm'])).toBe('xterm');
    expect(await pick(linux({ WAYLAND_DISPLAY: 'wayland-0' }), ['xterm', 'gnome-terminal'])).toBe(
      'gnome-terminal',
    );
  });

  it('nothing found: a terminal_unavailable error naming what was looked for', async () => {
    const err = await chooseTerminal('auto', source(['xterm']), linux()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'terminal_unavailable', status: 503 });
    expect((err as Error).message).toContain('xterm on PATH with DISPLAY set');
    expect((err as Error).message).not.toContain('iTerm2');
  });

  it('a named terminal is used only when available, else the error names its requirement', async () => {
    expect((await chooseTerminal('xterm', source(['xterm']), linux({ DISPLAY: ':0' }))).name).toBe('xterm');
    await expect(chooseTerminal('kitty', source(['xterm']), linux({ DISPLAY: ':0' }))).rejects.toThrow(
      'terminal kitty is not available here: looked for kitty on PATH with a display',
    );
  });
});
