import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approveApiKey, isOnboarded, trustProject } from './claude-state';

describe('.claude.json updates', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ao-cstate-'));
    file = join(dir, '.claude.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const read = () => JSON.parse(readFileSync(file, 'utf8'));

  it('trusts the exact path and keeps every other key', async () => {
    writeFileSync(
      file,
      JSON.stringify({
        hasCompletedOnboarding: true,
        userID: 'u',
        projects: { '/a': { allowedTools: ['x'] } },
      }),
    );
    await trustProject(file, '/a');
    await trustProject(file, '/w/a_b');
    expect(read()).toEqual({
      hasCompletedOnboarding: true,
      userID: 'u',
      projects: {
        '/a': { allowedTools: ['x'], hasTrustDialogAccepted: true },
        '/w/a_b': { hasTrustDialogAccepted: true },
      },
    });
    expect(readdirSync(dir)).toEqual(['.claude.json']); // no temp files left
  });

  it('survives many concurrent updates without losing one', async () => {
    writeFileSync(file, '{"hasCompletedOnboarding":true}');
    await Promise.all(Array.from({ length: 20 }, (_, i) => trustProject(file, `/w/${i}`)));
    expect(Object.keys(read().projects)).toHaveLength(20);
  });

  it('approves a configured API key by its last 20 characters, but never a rejected one', async () => {
    writeFileSync(
      file,
      JSON.stringify({ customApiKeyResponses: { approved: [], rejected: ['rejected-key-0000000'] } }),
    );
    await approveApiKey(file, 'sk-ant-api03-aaaaabbbbbcccccdddddeeeee');
    await approveApiKey(file, 'xx-rejected-key-0000000'.slice(-20).padStart(23, 'x'));
    expect(read().customApiKeyResponses.approved).toEqual(['bbbbbcccccdddddeeeee']);
  });

  it('detects an install that was never onboarded', async () => {
    expect(await isOnboarded(file)).toBe(false);
    writeFileSync(file, '{"projects":{}}');
    expect(await isOnboarded(file)).toBe(false);
    writeFileSync(file, '{"hasCompletedOnboarding":true}');
    expect(await isOnboarded(file)).toBe(true);
  });
});
