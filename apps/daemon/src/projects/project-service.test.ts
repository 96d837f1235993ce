import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/load-project-config';
import { openDb } from '../db/open-db';
import { EventBus } from '../events/event-bus';
import { builtinPlugins } from '../plugins/builtin';
import { PluginRegistry } from '../plugins/registry';
import { exec } from '../util/exec';
import { ProjectService } from './project-service';

const silent = { debug() {}, info() {}, warn() {}, error() {} } as never;

describe('ProjectService.add with a config full of mistakes', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function service(): ProjectService {
    const dataDir = mkdtempSync(join(tmpdir(), 'ao-ps-'));
    dirs.push(dataDir);
    const db = openDb(join(dataDir, 'ao.db'));
    const registry = new PluginRegistry({ dataDir, logger: silent, exec });
    for (const mod of builtinPlugins) registry.register(mod);
    return new ProjectService(db, new EventBus(db), registry, {});
  }

  it('reports every mistake with its line, sorted by line, and registers nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ao-ps-repo-')); // not a git repository
    dirs.push(dir);
    const file = join(dir, 'ao.config.yaml');
    writeFileSync(
      file,
      [
        'project:',
        '  id: demo',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the config syntax under test
        '  name: ${NAME}', // 3: NAME is not set
        '  path: .', // 4: not a git repository
        '  defaultBranch: 42', // 5: not a branch name
        'agnet: codex', // 6: unknown top-level key
        'agent: nosuch', // 7: unknown agent plugin
        'runtime: tmux',
        'agents:',
        '  generic:',
        '    command: "not-a-list"', // 11: not an array
        '    prompt: shout', // 12: not one of argv | type | none
        '  nosuchagent: {}', // 13: settings of an unknown plugin
        'runtimes:',
        '  tmux: { historyLimit: lots }', // 15: not a number
        'notifiers:',
        '  webhook:',
        '    url: https://hooks.example.com/ao', // 18: no secret (was only found at the first send)
        '  slak: {}', // 19: unknown notifier
        '',
      ].join('\n'),
    );
    const projects = service();
    const err = await projects.add(file).then(
      () => new Error('add succeeded'),
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    const lines = err.message.split('\n');
    expect(lines.map((l) => l.slice(file.length).split(': ')[0])).toEqual([
      ':3',
      ':4',
      ':5',
      ':6',
      ':7',
      ':11',
      ':12',
      ':13',
      ':15',
      ':17',
      ':19',
    ]);
    expect((err as ConfigError).problems.map((p) => `${p.line} ${p.keyPath}`)).toEqual([
      '3 project.name',
      '4 project.path',
      '5 project.defaultBranch',
      '6 agnet',
      '7 agent',
      '11 agents.generic.command',
      '12 agents.generic.prompt',
      '13 agents.nosuchagent',
      '15 runtimes.tmux.historyLimit',
      '17 notifiers.webhook.secret',
      '19 notifiers.slak',
    ]);
    expect(lines[10]).toMatch(/:19: notifiers\.slak: unknown notifier plugin "slak"; known: .*webhook/);
    expect(lines[0]).toBe(`${file}:3: project.name: environment variable NAME is not set`);
    expect(lines[1]).toBe(`${file}:4: project.path: ${dir} is not a git repository`);
    expect(lines[4]).toMatch(/:7: agent: unknown agent plugin "nosuch"; known: claude-code, /);
    expect(lines[7]).toMatch(/:13: agents\.nosuchagent: unknown agent plugin "nosuchagent"; known: /);
    expect(projects.list()).toEqual([]);
  });
});
