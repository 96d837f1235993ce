import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Notification } from '@ao/shared/plugin';
import { afterAll, describe, expect, it } from 'vitest';
import { createDesktopNotifier, notifierDesktop } from '../../src/plugins/notifier-desktop';
import { exec } from '../../src/util/exec';
import { recordingLogger } from './http-receiver';

const dir = mkdtempSync(join(tmpdir(), 'ao-desktop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stub program on PATH that appends its argv (NUL-separated, calls separated by \x1e) to a file. */
function stub(name: string, exitCode = 0): { bin: string; out: string } {
  const bin = mkdtempSync(join(dir, 'bin-'));
  const out = join(bin, 'calls');
  const script = `#!/bin/sh\nfor a in "$@"; do printf '%s\\0' "$a"; done >> "${out}"\nprintf '\\036' >> "${out}"\nexit ${exitCode}\n`;
  writeFileSync(join(bin, name), script);
  chmodSync(join(bin, name), 0o755);
  return { bin, out };
}

const calls = (out: string) =>
  readFileSync(out, 'utf8')
    .split('\x1e')
    .filter(Boolean)
    .map((line) => line.split('\0').slice(0, -1));

const note: Notification = {
  id: 'n1',
  priority: 'urgent',
  title: '--help; $(touch /tmp/pwned)',
  body: 'CI failed "badly" `x`',
  url: 'https://github.com/o/r/pull/1',
};
const config = notifierDesktop.configSchema.parse({});

describe('desktop notifier', () => {
  it('runs notify-send with argv, never a shell: hostile text arrives verbatim', async () => {
    const { bin, out } = stub('notify-send');
    const { logger } = recordingLogger();
    const n = createDesktopNotifier(config, {
      exec,
      logger,
      platform: 'linux',
      env: { ...process.env, PATH: `${bin}:/usr/bin:/bin` },
    });
    await n.send(note);
    await n.send({ ...note, priority: 'info', url: undefined });
    expect(calls(out)).toEqual([
      ['--app-name=ao', '--urgency=critical', '--', note.title, `${note.body}\n${note.url}`],
      ['--app-name=ao', '--urgency=low', '--', note.title, note.body],
    ]);
    expect(existsSync('/tmp/pwned')).toBe(false);
  });

  it('runs osascript on macOS with a fixed script and the texts as arguments', async () => {
    const { bin, out } = stub('osascript');
    const { logger } = recordingLogger();
    const n = createDesktopNotifier(config, { exec, logger, platform: 'darwin', env: { PATH: bin } });
    await n.send(note);
    const [argv] = calls(out);
    expect(argv?.slice(-3)).toEqual(['ao', note.title, `${note.body}\n${note.url}`]);
    const script = argv?.filter((_, i) => argv[i - 1] === '-e') ?? [];
    expect(script.join('\n')).not.toContain(note.title);
    expect(script).toContain('display notification (item 3 of argv) with title (item 2 of argv)');
  });

  it('is a no-op with one warning when notify-send is missing', async () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    const { lines, logger } = recordingLogger();
    const n = createDesktopNotifier(config, { exec, logger, platform: 'linux', env: { PATH: empty } });
    await n.send(note);
    await n.send(note);
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    expect(lines[0]?.msg).toMatch(/notify-send not found/);
  });

  it('reports a notify-send that fails', async () => {
    const { bin } = stub('notify-send', 3);
    const { logger } = recordingLogger();
    const n = createDesktopNotifier(config, {
      exec,
      logger,
      platform: 'linux',
      env: { PATH: `${bin}:/usr/bin:/bin` },
    });
    await expect(n.send(note)).rejects.toThrow(/notify-send/);
  });
});
