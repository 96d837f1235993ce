import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubernetesConfigSchema } from '@ao/shared/config-kubernetes';
import { afterAll, describe, expect, it } from 'vitest';
import { podSpec } from './pod-spec';
import { readSessionFiles } from './session-files';
import { sessionSecret } from './session-secret';

const dir = mkdtempSync(join(tmpdir(), 'ao-sfiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spawn = {
  sessionId: 'app-7',
  projectId: 'app',
  cwd: '/data/worktrees/app-7',
  command: ['claude'],
  env: {},
};
const config = (mode: 'clone' | 'pvc') =>
  kubernetesConfigSchema.parse({
    namespace: 'agents',
    image: 'img',
    workspace: mode === 'clone' ? { mode } : { mode, claimName: 'c', mountPath: '/data' },
  });

describe('the agent start-up files in a pod', () => {
  it('go in the session Secret as file.<name> and are mounted read-only at their folder (clone only)', async () => {
    writeFileSync(join(dir, 'claude-settings.json'), '{"hooks":{"Stop":[]},"h":"hs-secret-9"}');
    writeFileSync(join(dir, 'claude-hook.cjs'), 'const SECRET = "hs-secret-9";');
    const files = await readSessionFiles([join(dir, 'claude-settings.json'), join(dir, 'claude-hook.cjs')]);
    const pod = podSpec({
      config: config('clone'),
      home: 'abc',
      spawn,
      files,
      clone: { repoUrl: 'u', branch: 'b' },
    });
    expect(JSON.stringify(pod)).not.toContain('hs-secret-9');
    expect(pod.spec['volumes']).toContainEqual({
      name: 'ao-session-files',
      secret: {
        secretName: pod.metadata.name,
        items: [
          { key: 'file.claude-settings.json', path: 'claude-settings.json' },
          { key: 'file.claude-hook.cjs', path: 'claude-hook.cjs' },
        ],
        defaultMode: 0o400,
      },
    });
    const [agent] = pod.spec['containers'] as Array<{ volumeMounts: unknown[] }>;
    expect(agent?.volumeMounts).toContainEqual({ name: 'ao-session-files', mountPath: dir, readOnly: true });
    const doc = sessionSecret({ namespace: 'agents', home: 'abc', spawn, files });
    expect(Buffer.from(doc?.data['file.claude-hook.cjs'] ?? '', 'base64').toString()).toContain(
      'hs-secret-9',
    );
    const pvc = podSpec({ config: config('pvc'), home: 'abc', spawn, files });
    expect(JSON.stringify(pvc)).not.toContain('ao-session-files');
  });

  it('refuses files outside one folder, odd names and unreadable files, naming the file', async () => {
    expect(await readSessionFiles(undefined)).toBeNull();
    await expect(readSessionFiles([join(dir, 'claude-settings.json'), '/etc/passwd'])).rejects.toThrow(
      '/etc/passwd',
    );
    await expect(readSessionFiles([`${dir}/../x.json`])).rejects.toThrow('not a plain file');
    await expect(readSessionFiles([join(dir, 'missing.json')])).rejects.toThrow('missing.json');
  });
});
