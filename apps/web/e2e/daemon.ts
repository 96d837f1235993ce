import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Session } from '@ao/shared/session';
import {
  AO_DIST,
  type ApiFn,
  apiClient,
  cleanup,
  type DaemonProcess,
  freePort,
  launchDaemon,
  makeDataDir,
  makeProject,
  type ProjectConfig,
  type ProjectFixture,
  type ProjectOptions,
  spawnMany,
} from '@ao/testkit';

const here = dirname(fileURLToPath(import.meta.url));
export const webDir = resolve(here, '..');
export const repoRoot = resolve(webDir, '..', '..');
const outDir = join(webDir, 'out');

/** The demo project: the generic agent is a plain bash that the prompt is typed into. */
const demoConfig = { agents: { generic: { command: ['bash', '--noprofile', '--norc'], prompt: 'type' } } };

/** `ao up` (@ao/testkit's launcher) as the dashboard tests use it: one port and data dir across restarts. */
export interface Daemon {
  url: string;
  port: number;
  loginUrl: string;
  token: string;
  dataDir: string;
  configPath: string;
  /** The demo project's checkout (with its bare remote `origin`). */
  repo: string;
  /** Output of the daemon so far (every run of it), for failure messages. */
  log(): string;
  /** JSON request with the bearer token (the CLI's way in); never throws on a status, the test checks it. */
  api: ApiFn;
  spawnSession(prompt: string): Promise<Session>;
  /** Registers another project (a new repository made by @ao/testkit's makeProject), as `ao init` does. */
  addProject(id: string, config: ProjectConfig, opts?: ProjectOptions): Promise<ProjectFixture>;
  /** Spawns `count` sessions in a project, a few at a time; resolves with them once all are running. */
  spawnMany(project: string, count: number, prompt?: (i: number) => string): Promise<Session[]>;
  stop(): Promise<void>;
  /** Starts the daemon again on the same port and data directory. */
  restart(): Promise<void>;
  /** Stops the daemon and its tmux server (every agent), removes the data dir and the repositories. */
  cleanup(): Promise<void>;
}

/** Starts `ao up` from apps/daemon/dist on a free port with a fresh data dir and a demo project. */
export async function startDaemon(): Promise<Daemon> {
  if (!existsSync(AO_DIST))
    throw new Error(`${AO_DIST} is missing: run \`npm run build -w @ao/daemon\` first`);
  if (!existsSync(join(outDir, 'index.html')))
    throw new Error(`${outDir} is missing: run \`next build\` first`);
  const demo = await makeProject('demo', demoConfig, { project: { name: 'Demo' }, tmpPrefix: 'ao-web-e2e-' });
  const projects: ProjectFixture[] = [demo];
  const dataDir = makeDataDir('ao-web-e2e-data-');
  const port = await freePort();
  const launch = () =>
    launchDaemon({
      dataDir,
      port,
      configPath: demo.configPath,
      env: { AO_WEB_DIR: outDir, AO_LIVENESS_MS: '1000' },
    });
  let earlier = ''; // the output of the runs before a restart
  let proc: DaemonProcess = launch();
  const dirs = () => projects.map((p) => p.root);
  try {
    await proc.ready(90_000);
  } catch (err) {
    await cleanup({ daemon: proc, dataDir, dirs: dirs() });
    throw err;
  }
  const { url, token } = proc; // the same across restarts (fixed port; the token lives in the data dir)
  const api = apiClient(url, () => token);

  return {
    url,
    port,
    loginUrl: proc.loginUrl,
    token,
    dataDir,
    configPath: demo.configPath,
    repo: demo.repo,
    log: () => earlier + proc.output(),
    api,
    async spawnSession(prompt) {
      const r = await api<{ session: Session }>('POST', '/api/sessions', { project: 'demo', prompt });
      if (r.status !== 201) throw new Error(`spawn answered ${r.status}: ${JSON.stringify(r.body)}`);
      return r.body.session;
    },
    async addProject(id, config, opts) {
      const project = await makeProject(id, config, { tmpPrefix: 'ao-web-e2e-', ...opts });
      projects.push(project);
      const r = await api('POST', '/api/projects', { configPath: project.configPath });
      if (r.status !== 201)
        throw new Error(`adding project ${id} answered ${r.status}: ${JSON.stringify(r.body)}`);
      return project;
    },
    async spawnMany(project, count, prompt = (i) => `task ${i}`) {
      return (await spawnMany(proc, count, { project, prompt, limit: 4 })).sessions as Session[];
    },
    stop: () => proc.stop(),
    async restart() {
      await proc.stop();
      earlier += proc.output();
      proc = launch();
      await proc.ready(90_000);
    },
    cleanup: () => cleanup({ daemon: proc, dataDir, dirs: dirs() }),
  };
}
