import { describe, expect, it } from 'vitest';
import { diagnoseCodexExit } from './exit';

/** Last lines as the real CLI printed them (0.169.0 and 0.171.0 alike) before it exited with code 1. */
describe('diagnoseCodexExit', () => {
  it('an unknown model provider in config.toml', () => {
    const d = diagnoseCodexExit({
      exitCode: 1,
      lastLines: [
        'tmp/ao-codex-home-so5qF3"))',
        'Error loading configuration: Model provider `nope` not found',
      ],
    });
    expect(d?.detail).toBe('Codex cannot load its configuration: Model provider `nope` not found');
    expect(d?.fix).toMatch(/config\.toml/);
  });

  it('config.toml that is not valid TOML', () => {
    const d = diagnoseCodexExit({
      exitCode: 1,
      lastLines: [
        'Error: loading config.toml:',
        '/tmp/ao-codex-home-argWs1/config.toml:1:18: string values must be quoted, expected literal string',
        '  |',
        '1 | model_provider =',
        '  |                  ^',
        'Stack backtrace:',
        '   0: <unknown>',
      ],
    });
    expect(d?.detail).toBe(
      'Codex cannot parse its config.toml: /tmp/ao-codex-home-argWs1/config.toml:1:18: string values must be quoted, expected literal string',
    );
  });

  it('anything else is not diagnosed', () => {
    expect(diagnoseCodexExit({ exitCode: 0, lastLines: ['Token usage: total=150'] })).toBeNull();
    expect(diagnoseCodexExit({ exitCode: 1, lastLines: [] })).toBeNull();
  });
});
