import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { trustProject } from './claude-state';
import { withClaudeConfigLock } from './config-lock';

/** Claude Code's save as it runs it: take `<file>.lock` (mkdir), re-read the file, write its copy, release. */
async function claudeLikeSave(file: string, between: () => Promise<void>): Promise<void> {
  mkdirSync(`${file}.lock`);
  const state = JSON.parse(readFileSync(file, 'utf8'));
  await between();
  state.numStartups = (state.numStartups ?? 0) + 1;
  writeFileSync(file, JSON.stringify(state));
  rmdirSync(`${file}.lock`);
}

describe("Claude Code's lock on .claude.json", () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ao-clock-'));
    file = join(dir, '.claude.json');
    writeFileSync(file, '{"hasCompletedOnboarding":true}');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const read = () => JSON.parse(readFileSync(file, 'utf8'));

  it('a trust entry written while a Claude process saves is not lost', async () => {
    let trusted: Promise<void> | undefined;
    await claudeLikeSave(file, async () => {
      trusted = trustProject(file, '/w/s-1');
      // Without the lock ao writes now and Claude's save below overwrites it; with it, ao waits for the release.
      await Promise.race([trusted, new Promise((r) => setTimeout(r, 300))]);
    });
    await trusted;
    expect(read()).toEqual({
      hasCompletedOnboarding: true,
      numStartups: 1,
      projects: { '/w/s-1': { hasTrustDialogAccepted: true } },
    });
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('takes over a stale lock (a holder that stopped refreshing it 10 s ago)', async () => {
    mkdirSync(`${file}.lock`);
    const old = new Date(Date.now() - 20_000);
    utimesSync(`${file}.lock`, old, old);
    await trustProject(file, '/w/s-2');
    expect(read().projects['/w/s-2']).toEqual({ hasTrustDialogAccepted: true });
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('writes anyway past its wait when a fresh lock is never released, and says so', async () => {
    mkdirSync(`${file}.lock`);
    let timedOut = false;
    const ran = await withClaudeConfigLock(file, async () => 'ran', {
      maxWaitMs: 200,
      onTimeout: () => {
        timedOut = true;
      },
    });
    expect({ ran, timedOut }).toEqual({ ran: 'ran', timedOut: true });
    expect(existsSync(`${file}.lock`)).toBe(true); // not ours: left for its holder
  });
});
