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
});
