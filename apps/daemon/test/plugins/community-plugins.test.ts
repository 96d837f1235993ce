import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { InstalledPlugin } from '@ao/shared/api-plugins';
import type { Session } from '@ao/shared/session';
import {
  cleanup,
  type DaemonProcess,
  launchDaemon,
  makeDataDir,
  makeProject,
  type NpmRegistry,
  type ProjectFixture,
  READ_MESSAGES,
  readMessages,
  startNpmRegistry,
  waitFor,
} from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ao } from '../helpers/cli';

const execFileP = promisify(execFile);
const TEMPLATE = fileURLToPath(new URL('../../../../templates/ao-plugin', import.meta.url));
const ZOD = dirname(createRequire(import.meta.url).resolve('zod/package.json'));

/** A package published with the ao keyword and `ao` field that is not an ao plugin at all. */
function writeNotAPlugin(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const pkg = {
    name: 'ao-plugin-broken',
    version: '1.0.0',
    description: 'says it is an ao plugin, exports nothing of the kind',
    keywords: ['ao-plugin'],
    type: 'module',
    main: 'index.js',
    ao: { slot: 'agent', name: 'broken' },
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
  writeFileSync(join(dir, 'index.js'), 'export default { hello: "world" };\n');
  return dir;
}

/**
 * Community plugins end to end: a real npm registry (Verdaccio) holding the template plugin, zod (its peer) and a
 * package that is not a plugin; `ao up` with npm configured for that registry; the real `ao plugins` commands; the
 * plugin running a real session in tmux.
 */
describe('community plugins: ao plugins search/add/ls/remove against a real npm registry', () => {
  let registry: NpmRegistry;
  let daemon: DaemonProcess;
  let dataDir: string;
  let project: ProjectFixture;
  let scratch: string;
  const npmEnv = () => ({ npm_config_registry: registry.url, npm_config_userconfig: registry.npmrc });
  const pluginsDir = () => join(dataDir, 'plugins');
  const run = (args: string[]) => ao(dataDir, ['plugins', ...args]);
  const fails = async (args: string[]) => {
    const err = await run(args).then(
      () => null,
      (e: Error & { stderr?: string }) => e,
    );
    expect(err, `ao plugins ${args.join(' ')} should fail`).not.toBeNull();
    return String(err?.stderr ?? err?.message);
  };

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'ao-plugins-'));
    registry = await startNpmRegistry();
    await registry.publish(ZOD); // the plugin's peer dependency: the registry has nothing but what we publish
    await registry.publish(TEMPLATE);
    await registry.publish(writeNotAPlugin(join(scratch, 'broken')));
    dataDir = makeDataDir('ao-plug-');
    daemon = await launchDaemon({ dataDir, env: npmEnv() }).ready(30_000);
  });

  afterAll(async () => {
    await cleanup({ daemon, dataDir, dirs: [scratch] });
    project?.cleanup();
    await registry?.stop();
  });

  it("the template's own harness passes (node --test, no ao checkout needed by the plugin)", async () => {
    const { stdout } = await execFileP(process.execPath, ['--test'], { cwd: TEMPLATE, timeout: 30_000 });
    expect(stdout).toMatch(/# fail 0/);
  });

  it('search lists the packages published for ao, with slot and name from their package.json', async () => {
    const all = (await run(['search'])).stdout;
    expect(all).toMatch(/ao-plugin-example\s+0\.1\.0\s+agent\s+example\s+An ao agent plugin/);
    expect(all).toMatch(/ao-plugin-broken\s+1\.0\.0\s+agent\s+broken/);
    expect(all).not.toContain('zod');
    const some = (await run(['search', 'house', 'rules'])).stdout;
    expect(some).toContain('ao-plugin-example');
    expect(some).not.toContain('ao-plugin-broken');
    expect((await run(['search', 'nothing-like-this'])).stdout).toContain('no ao plugins found');
  });

  it('add installs into the data dir, checks and registers the plugin; a session runs it in tmux', async () => {
    const out = (await run(['add', 'ao-plugin-example@^0.1.0', '--registry', registry.url])).stdout;
    expect(out).toContain('added ao-plugin-example@0.1.0: agent plugin "example"');
    expect(existsSync(join(pluginsDir(), 'node_modules', 'ao-plugin-example', 'index.js'))).toBe(true);
    expect(existsSync(join(pluginsDir(), 'node_modules', 'zod', 'package.json'))).toBe(true);

    project = await makeProject('plug', ({ messagesFile }) => ({
      agent: 'example',
      agents: {
        example: { command: [process.execPath, READ_MESSAGES, messagesFile], preamble: 'HOUSE RULES.' },
      },
    }));
    await daemon.api('POST', '/api/projects', { configPath: project.configPath });
    const { body } = await daemon.api<{ session: Session }>('POST', '/api/sessions', { prompt: 'fix it' });
    expect(body.session.agent).toBe('example');
    await waitFor(
      () => readMessages(project.messagesFile).includes('HOUSE RULES. fix it'),
      "the plugin's prompt typed into the agent",
    );
    expect(existsSync(join(project.repo, 'node_modules'))).toBe(false); // nothing installed in the repository

    expect((await run(['ls'])).stdout).toMatch(/ao-plugin-example\s+0\.1\.0\s+agent\s+example/);
    const msg = await fails(['remove', 'ao-plugin-example']);
    expect(msg).toContain(`used by live session(s) ${body.session.id}`);
    expect(msg).toContain('HTTP 409');
    expect((await run(['search', 'example'])).stdout).toContain('ao-plugin-example (installed)');
  });

  it('refuses a bad spec with a 400 naming the field, and changes nothing', async () => {
    for (const spec of ['../evil', 'ao-plugin-example@file:../x', '-g', 'git+ssh://x/y.git', 'A']) {
      const res = await daemon.api<{ error: { field: string; message: string } }>(
        'POST',
        '/api/plugins',
        { package: spec },
        { allowError: true },
      );
      expect(res.status, spec).toBe(400);
      expect(res.body.error.field).toBe('package');
    }
    const res = await daemon.api<{ error: { field: string } }>(
      'POST',
      '/api/plugins',
      { package: 'x', registry: 'file:///etc' },
      { allowError: true },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('registry');
  });

  it('a package that is not an ao plugin is refused with why, uninstalled again, nothing registered', async () => {
    const msg = await fails(['add', 'ao-plugin-broken']);
    expect(msg).toContain('ao-plugin-broken is not an ao plugin');
    expect(msg).toContain('nothing was registered');
    expect(existsSync(join(pluginsDir(), 'node_modules', 'ao-plugin-broken'))).toBe(false);
    const deps = JSON.parse(readFileSync(join(pluginsDir(), 'package.json'), 'utf8')).dependencies;
    expect(Object.keys(deps)).toEqual(['ao-plugin-example']);
    const listed = await daemon.api<{ plugins: InstalledPlugin[] }>('GET', '/api/plugins');
    expect(listed.body.plugins.map((p) => p.package)).toEqual(['ao-plugin-example']);
    expect(await fails(['add', 'ao-plugin-nosuch'])).toContain('npm could not install ao-plugin-nosuch');
  });

  it('is loaded again at the next start; removed once no live session uses it', async () => {
    await daemon.stop();
    daemon = await launchDaemon({ dataDir, env: npmEnv() }).ready(30_000);
    const listed = await daemon.api<{ plugins: InstalledPlugin[] }>('GET', '/api/plugins');
    expect(listed.body.plugins).toMatchObject([
      { package: 'ao-plugin-example', name: 'example', error: null },
    ]);
    const projects = await daemon.api<{ projects: Array<{ id: string; error: string | null }> }>(
      'GET',
      '/api/projects',
    );
    expect(projects.body.projects).toMatchObject([{ id: 'plug', error: null }]);

    const { body } = await daemon.api<{ sessions: Session[] }>('GET', '/api/sessions');
    for (const s of body.sessions) await daemon.api('POST', `/api/sessions/${s.id}/kill`, {});
    expect((await run(['remove', 'ao-plugin-example'])).stdout).toContain(
      'removed ao-plugin-example (agent plugin "example")',
    );
    expect(existsSync(join(pluginsDir(), 'node_modules', 'ao-plugin-example'))).toBe(false);
    expect((await run(['ls'])).stdout).toContain('no community plugins installed');
    const again = await daemon.api<{ error: { message: string } }>(
      'POST',
      '/api/sessions',
      { prompt: 'x' },
      { allowError: true },
    );
    expect(again.status).toBe(400);
    expect(again.body.error.message).toContain('unknown agent plugin "example"');
  });
});
