import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exec } from '../../src/util/exec';

const ROOT = resolve(import.meta.dirname, '../../../..');

/** Runs the structure check (`npm run check:structure`) in `root`; its exit and report. */
async function check(root: string): Promise<{ ok: boolean; report: string }> {
  const bin = join(ROOT, 'node_modules', '.bin', 'depcruise');
  return exec(bin, ['apps', 'packages', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
    cwd: root,
    timeoutMs: 60_000,
  }).then(
    (r) => ({ ok: true, report: r.stdout }),
    (err: Error & { stdout?: string }) => ({ ok: false, report: err.stdout ?? err.message }),
  );
}

describe('the structure check (.dependency-cruiser.cjs)', () => {
  const copy = mkdtempSync(join(tmpdir(), 'ao-structure-'));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  // The tree as it is passes: `npm test` runs `npm run check:structure` before the suites.
  it('fails on a new circle between folders, a web import of the daemon, and a plugin importing the core', async () => {
    for (const part of ['apps/daemon/src', 'apps/web/src', 'packages/shared/src']) {
      cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    }
    for (const file of ['.dependency-cruiser.cjs', 'tsconfig.base.json', 'packages/shared/package.json']) {
      cpSync(join(ROOT, file), join(copy, file));
    }
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const write = (file: string, text: string) => writeFileSync(join(copy, file), text);
    write('apps/daemon/src/sessions/bad.ts', "export type { GithubLoop } from '../github/github-loop';\n");
    write('apps/web/src/lib/bad.ts', "export type { Db } from '../../../daemon/src/db/open-db';\n");
    write(
      'apps/daemon/src/plugins/bad.ts',
      "export type { SessionService } from '../sessions/session-service';\n",
    );
    const { ok, report } = await check(copy);
    expect(ok).toBe(false);
    expect(report).toMatch(/no-folder-circle: apps\/daemon\/src\/sessions/);
    expect(report).toMatch(/sessions-below-their-users: apps\/daemon\/src\/sessions\/bad\.ts/);
    expect(report).toMatch(/web-imports-only-shared: apps\/web\/src\/lib\/bad\.ts/);
    expect(report).toMatch(/plugins-stay-plugins: apps\/daemon\/src\/plugins\/bad\.ts/);
  });
});
