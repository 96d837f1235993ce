import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from '@ao/shared/api';
import { type GitFixture, makeGitFixture, makeProject, type ProjectFixture } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

/** One mistake per commented line; the numbers are the lines the daemon must name. */
const BROKEN = [
  'project:',
  '  id: broken',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the config syntax under test
  '  name: ${AO_TEST_SURELY_UNSET}', // 3: missing environment variable
  '  defaultBranch: [main]', // 4: a list, not a branch name
  'agnet: codex', // 5: unknown top-level key
  'agent: nosuch', // 6: unknown agent plugin
  'agents:',
  '  generic:',
  '    command: "not-a-list"', // 9: not an array
  '    typeDelayMs: -1', // 10: too small
  '',
].join('\n');

describe('POST /api/projects with a config full of mistakes', () => {
  let d: TestDaemon;
  let p: ProjectFixture;
  let other: GitFixture;
  beforeAll(async () => {
    p = await makeProject('kept');
    other = await makeGitFixture('broken');
    d = await startTestDaemon();
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
  });
  afterAll(async () => {
    await d.stop();
    p.cleanup();
    other.cleanup();
  });

  const listed = async () => (await d.api<{ projects: Project[] }>('GET', '/api/projects')).body.projects;

  it('answers 400 naming every problem with its line, and registers nothing', async () => {
    const before = await listed();
    const file = join(other.repo, 'ao.config.yaml');
    writeFileSync(file, BROKEN);
    const res = await d.api<{ error: { code: string; message: string; field: string } }>(
      'POST',
      '/api/projects',
      { configPath: file },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    expect(res.body.error.field).toBe('project.name');
    const lines = res.body.error.message.split('\n');
    expect(lines).toEqual([
      `${file}:3: project.name: environment variable AO_TEST_SURELY_UNSET is not set`,
      expect.stringMatching(/^\S+:4: project\.defaultBranch: /),
      expect.stringMatching(/^\S+:5: agnet: unknown key "agnet"/),
      expect.stringMatching(/^\S+:6: agent: unknown agent plugin "nosuch"; known: /),
      expect.stringMatching(/^\S+:9: agents\.generic\.command: /),
      expect.stringMatching(/^\S+:10: agents\.generic\.typeDelayMs: /),
    ]);
    expect(await listed()).toEqual(before);
  });

  it('leaves a registered project as it was when its edited config is broken', async () => {
    const before = await listed();
    writeFileSync(p.configPath, BROKEN.replace('id: broken', 'id: kept'));
    const res = await d.api<{ error: { message: string } }>('POST', '/api/projects', {
      configPath: p.configPath,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message.split('\n')).toHaveLength(6);
    expect(await listed()).toEqual(before);
  });
});
