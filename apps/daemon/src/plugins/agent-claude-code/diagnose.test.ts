import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diagnoseClaudeExit, executableExists, setupCommand } from './diagnose';

/** The last non-empty lines of a captured screen, as the daemon keeps them with an exit. */
const lastLines = (name: string) =>
  readFileSync(join(import.meta.dirname, 'fixtures', 'screens', `${name}.txt`), 'utf8')
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(-12);

describe('diagnoseClaudeExit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ao-diag-'));
  const fresh = join(dir, 'fresh.json'); // never written: never set up
  const done = join(dir, 'done.json');
  writeFileSync(done, '{"hasCompletedOnboarding":true}');
  const opts = { binary: '/usr/bin/env', configDir: '/srv/ao/claude config', stateFile: fresh };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['2.1.197', '2.1.332'])(
    '%s never set up and offline: not logged in, with the setup command for its config dir',
    (v) => {
      const d = diagnoseClaudeExit({ exitCode: 1, lastLines: lastLines(`exit-offline-${v}`) }, opts);
      expect(d?.detail).toBe(
        'Claude Code was never set up here (no login), and it cannot reach Anthropic to do it (Failed to connect to api.anthropic.com: ENOTFOUND)',
      );
      expect(d?.fix).toBe(
        "run `CLAUDE_CONFIG_DIR='/srv/ao/claude config' /usr/bin/env` once in a terminal with internet access and log in",
      );
    },
  );

  it('set up but offline: a network problem', () => {
    const d = diagnoseClaudeExit(
      { exitCode: 1, lastLines: lastLines('exit-offline-2.1.332') },
      { ...opts, stateFile: done },
    );
    expect(d?.detail).toMatch(/^Claude Code cannot reach Anthropic's servers/);
    expect(d?.fix).toMatch(/network/);
  });

  it('refused arguments, root without sandbox, a missing executable', () => {
    const refused = [
      "error: option '--permission-mode <mode>' argument 'manual' is invalid. Allowed choices are acceptEdits, auto, bypassPermissions, default, dontAsk, plan.",
    ];
    expect(diagnoseClaudeExit({ exitCode: 1, lastLines: refused }, opts)?.fix).toBe(
      'npm install -g @anthropic-ai/claude-code@latest',
    );
    const root = [
      '--dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons',
    ];
    expect(diagnoseClaudeExit({ exitCode: 1, lastLines: root }, opts)?.detail).toMatch(/as root/);
    const gone = { ...opts, binary: join(dir, 'no-such-claude') };
    expect(diagnoseClaudeExit({ exitCode: 1, lastLines: ['Pane is dead (status 1)'] }, gone)?.detail).toBe(
      `the Claude Code executable was not found (${join(dir, 'no-such-claude')})`,
    );
  });

  it('an ordinary exit is not diagnosed', () => {
    expect(diagnoseClaudeExit({ exitCode: 0, lastLines: ['bye'] }, opts)).toBeNull();
    expect(diagnoseClaudeExit({ exitCode: 1, lastLines: ['Segmentation fault'] }, opts)).toBeNull();
  });

  it('finds executables on PATH; quotes the setup command', () => {
    expect(executableExists('sh', '/nonexistent:/bin:/usr/bin')).toBe(true);
    expect(executableExists('no-such-program-ao', '/bin:/usr/bin')).toBe(false);
    expect(setupCommand({ binary: 'claude', configDir: null })).toBe('claude');
  });
});
