import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadProjectConfig } from './load-project-config';

function write(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ao-cfg-')), 'ao.config.yaml');
  writeFileSync(file, text);
  return file;
}

describe('loadProjectConfig', () => {
  it('applies defaults', () => {
    const { config } = loadProjectConfig(write('project:\n  id: demo\n  name: Demo\n'), {});
    expect(config.runtime).toBe('tmux');
    expect(config.agent).toBe('claude-code');
    expect(config.workspace).toBe('worktree');
    expect(config.project.defaultBranch).toBe('main');
  });

  it('names the file, line and key path of a bad value', () => {
    const file = write('project:\n  id: demo\n  name: Demo\n  defaultBranch: "bad..branch"\n');
    expect(() => loadProjectConfig(file, {})).toThrowError(
      expect.objectContaining({ line: 4, keyPath: 'project.defaultBranch' }),
    );
    try {
      loadProjectConfig(file, {});
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toContain(`${file}:4: project.defaultBranch:`);
    }
  });

  it('checks: defaults, and a bad threshold named with the file, line and key path', () => {
    const { config } = loadProjectConfig(write('project:\n  id: demo\n  name: Demo\n'), {});
    expect(config.checks).toEqual({
      flaky: { rerun: true, rerunFirstFailure: true, flipRate: 0.3, window: 20 },
      brokenBase: { notify: true, unrelatedPrs: 3, priority: 'action' },
      retentionDays: 90,
    });
    const file = write('project:\n  id: demo\n  name: Demo\nchecks:\n  flaky:\n    flipRate: 2\n');
    expect(() => loadProjectConfig(file, {})).toThrowError(
      expect.objectContaining({ line: 6, keyPath: 'checks.flaky.flipRate' }),
    );
    const bad = write(
      'project:\n  id: demo\n  name: Demo\nchecks:\n  flaky:\n    rerunFirstFailure: maybe\n',
    );
    expect(() => loadProjectConfig(bad, {})).toThrowError(
      expect.objectContaining({ line: 6, keyPath: 'checks.flaky.rerunFirstFailure' }),
    );
  });

  it('rejects unknown keys, naming them', () => {
    const file = write('project:\n  id: demo\n  name: Demo\nagnet: codex\n');
    expect(() => loadProjectConfig(file, {})).toThrowError(/agnet/);
  });

  it('reports YAML syntax errors with the line', () => {
    const file = write('project:\n  id: demo\n  name: [unclosed\n');
    expect(() => loadProjectConfig(file, {})).toThrowError(/ao\.config\.yaml:\d+: invalid YAML/);
  });

  it('expands environment variables and names a missing one', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the config syntax under test
    const file = write('project:\n  id: demo\n  name: ${NAME}\n');
    expect(loadProjectConfig(file, { NAME: 'From env' }).config.project.name).toBe('From env');
    expect(() => loadProjectConfig(file, {})).toThrowError(/:3: project\.name: environment variable NAME/);
  });

  it('reports every mistake at once, each with its line and key path, sorted by line', () => {
    const file = write(
      [
        'project:',
        '  id: demo',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the config syntax under test
        '  name: ${NAME}', // 3: missing environment variable
        '  defaultBranch: 42', // 4: a number, not a branch name
        'agnet: codex', // 5: unknown top-level key
        'github:',
        '  pollIntervalSec: often', // 7: not a number
        '  autoPickup: { maxConcurrent: 0, colour: red }', // 8: too small, and an unknown key
      ].join('\n'),
    );
    const err = catchError(() => loadProjectConfig(file, {}));
    expect(err).toBeInstanceOf(ConfigError);
    const lines = (err as Error).message.split('\n');
    expect(lines.map((l) => l.slice(file.length).split(': ')[0])).toEqual([
      ':3',
      ':4',
      ':5',
      ':7',
      ':8',
      ':8',
    ]);
    const problems = (err as ConfigError).problems.map((p) => `${p.line} ${p.keyPath}`);
    expect(problems).toEqual([
      '3 project.name',
      '4 project.defaultBranch',
      '5 agnet',
      '7 github.pollIntervalSec',
      '8 github.autoPickup.maxConcurrent',
      '8 github.autoPickup.colour',
    ]);
    expect(lines[0]).toBe(`${file}:3: project.name: environment variable NAME is not set`);
    expect(lines[2]).toMatch(
      new RegExp(`^${escapeRegExp(file)}:5: agnet: unknown key "agnet"; expected one of: project, `),
    );
    expect(lines[3]).toMatch(/:7: github\.pollIntervalSec: .*expected number/);
    expect((err as ConfigError).keyPath).toBe('project.name'); // the first problem, for the API's `field`
  });

  it('reports every YAML syntax error, each with its line', () => {
    const file = write('project:\n  id: demo\n  id: again\n  name: Demo\nagent: x\nagent: y\n');
    const err = catchError(() => loadProjectConfig(file, {})) as ConfigError;
    expect(err.message).toMatch(
      new RegExp(`^${escapeRegExp(file)}:3: invalid YAML: Map keys must be unique`),
    );
    expect(err.message).toMatch(
      new RegExp(`\n${escapeRegExp(file)}:6: invalid YAML: Map keys must be unique`),
    );
    expect(err.problems.map((p) => p.line)).toEqual([3, 6]);
  });

  it('lines point at the key even when its value is a block on the next lines', () => {
    const file = write(
      'project:\n  id: demo\n  name: Demo\ngithub:\n  autoPickup:\n    labels: [a]\n  extra:\n    deep: 1\n',
    );
    const err = catchError(() => loadProjectConfig(file, {})) as ConfigError;
    expect(err.message).toMatch(new RegExp(`^${escapeRegExp(file)}:7: github\\.extra: unknown key`));
    expect(err.problems.map((p) => `${p.line} ${p.keyPath}`)).toEqual(['7 github.extra']);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
