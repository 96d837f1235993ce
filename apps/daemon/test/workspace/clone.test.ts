import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceClone } from '../../src/plugins/workspace-clone';
import { logged, thrown, useWorkspace } from './workspace-test-context';

/** What only the clone plugin does; what every workspace plugin does is in workspace-contract.test.ts. */
describe('workspace plugin: clone', { timeout: 60_000 }, () => {
  const s = useWorkspace(workspaceClone);

  it('clones the remote (not the checkout) at the up-to-date base branch, on the session branch', async () => {
    const { fx } = s;
    const other = join(fx.root, 'other');
    await fx.git(['clone', fx.remote, other], fx.root);
    await fx.commit(other, 'upstream.txt', 'from a teammate\n');
    await fx.git(['push', 'origin', 'main'], other);
    await fx.commit(fx.repo, 'local-only.txt', 'not pushed by the user\n');
    const remoteMain = await s.remoteBranchSha('main');

    const info = await s.ws.create(s.opts());

    expect(info).toEqual({
      path: s.opts().path,
      branch: 'ao/demo-1',
      baseBranch: 'main',
      baseSha: remoteMain,
    });
    expect(readFileSync(join(info.path, 'upstream.txt'), 'utf8')).toBe('from a teammate\n');
    expect(existsSync(join(info.path, 'local-only.txt'))).toBe(false);
    expect(await fx.git(['symbolic-ref', '--short', 'HEAD'], info.path)).toBe('ao/demo-1');
    expect(await fx.git(['remote', 'get-url', 'origin'], info.path)).toBe(fx.remote);
    expect(await fx.git(['status', '--porcelain'])).toBe('');
  });

  it('resolves a relative remote URL against the repository', async () => {
    await s.fx.git(['remote', 'set-url', 'origin', '../demo.git']);
    const info = await s.ws.create(s.opts());
    expect(await s.fx.git(['remote', 'get-url', 'origin'], info.path)).toBe(s.fx.remote);
  });

  it('warns when it force-removes work', async () => {
    const { path } = await s.ws.create(s.opts());
    writeFileSync(join(path, 'draft.txt'), 'unsaved\n');
    await s.ws.remove(path, s.fx.repo, { force: true });
    expect(existsSync(path)).toBe(false);
    expect(logged(s.t.logs, 'warn').join('\n')).toContain('force-removing');
  });

  it("refuses another session's path and leaves its clone intact", async () => {
    const first = await s.ws.create(s.opts());
    await s.fx.commit(first.path, 'a.txt', 'a\n');
    expect(await thrown(() => s.ws.create(s.opts({ sessionId: 'demo-2' })))).toMatchObject({
      code: 'conflict',
    });
    expect(existsSync(join(first.path, 'a.txt'))).toBe(true);
  });
});
