import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { stringify } from 'yaml';
import { buildApp } from '../../src/app';
import { readToken } from '../../src/http/token';
import type { SessionPort } from '../../src/sessions/port';
import { FakeAgent, fakeAgentModule } from '../fakes/fake-agent';
import { emptyPluginSource } from '../fakes/fake-plugin-source';
import { FakeRuntime, fakeRuntimeModule } from '../fakes/fake-runtime';
import { FakeTerminal, fakeTerminalModule } from '../fakes/fake-terminal';
import { FakeWorkspace, fakeWorkspaceModule } from '../fakes/fake-workspace';

/** Captured before any test fakes the timers: polling must keep real time. */
const realSetTimeout = globalThis.setTimeout;

export interface Reply<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Record<string, string | string[] | number | undefined>;
}

export interface InjectOptions {
  /** Send the bearer token (default true). */
  auth?: boolean;
  headers?: Record<string, string>;
  /** A raw body (sent as is, with the given content-type header if any) instead of JSON. */
  raw?: string | Buffer;
}

export interface FastDaemon {
  app: FastifyInstance;
  token: string;
  dataDir: string;
  /** The project's repository root (a directory with `.git`: the fake workspace runs no git). */
  repo: string;
  configPath: string;
  projectId: string;
  runtime: FakeRuntime;
  agent: FakeAgent;
  workspace: FakeWorkspace;
  /** The project's terminal application (`terminal: fake`): records what it opens. */
  terminal: FakeTerminal;
  /** The sessions part, behind its port. */
  sessions: SessionPort;
  /** Log lines at warn and above (JSON), for asserting nothing failed unseen. */
  logs: string[];
  /** The lines of `logs` at error level and above. */
  errors: string[];
  inject<T = unknown>(method: string, url: string, body?: unknown, opts?: InjectOptions): Promise<Reply<T>>;
  /** POST /api/sessions (201 expected), then waits until the agent's watcher follows it. */
  spawn(body?: Record<string, unknown>): Promise<Session>;
  get(id: string): Promise<Session>;
  /** Polls `fn` (every few ms, real time) until truthy. */
  until<T>(fn: () => T | Promise<T>, what: string, timeoutMs?: number): Promise<NonNullable<T>>;
  close(): Promise<void>;
}

export interface FastOptions {
  /** Merged over the project config (`agents: { fake: { prompt: 'type' } }`, `sessions: {...}`). */
  config?: Record<string, unknown>;
  /** The daemon's environment (secrets such as COMPOSIO_API_KEY); empty by default. */
  env?: Record<string, string>;
}

/**
 * The whole daemon (`buildApp`, every resource and route, real SQLite) without listening, with fake runtime, agent and
 * workspace plugins and a registered project using them. Requests go through `app.inject()`; replies are checked
 * against their declared schemas (`checkReplies`).
 */
export async function startFast(opts: FastOptions = {}): Promise<FastDaemon> {
  const root = mkdtempSync(join(tmpdir(), 'ao-fast-'));
  const dataDir = join(root, 'data');
  const { repo, configPath } = writeProject(root, opts.config);
  const log = captureLog();
  const runtime = new FakeRuntime();
  const agent = new FakeAgent();
  const workspace = new FakeWorkspace();
  const terminal = new FakeTerminal();
  const app = await buildApp({
    dataDir,
    host: '127.0.0.1',
    port: 0,
    allowedHosts: [],
    allowedOrigins: [],
    webDir: null,
    version: 'fast-test',
    env: opts.env ?? {},
    logger: log.logger,
    extraPlugins: [
      fakeRuntimeModule(runtime),
      fakeAgentModule(agent),
      fakeWorkspaceModule(workspace),
      fakeTerminalModule(terminal),
    ],
    fallbackWatch: null,
    pluginSource: emptyPluginSource(),
    checkReplies: true,
    // Nothing timed runs behind the tests' backs: the runtime pushes, the loops wait.
    runtimePollMs: 3_600_000,
    githubTickMs: 3_600_000,
    reactionsTickMs: 3_600_000,
  });
  await app.ready();
  const token = readToken(dataDir) ?? '';
  const inject = injector(app, token);
  const added = await inject('POST', '/api/projects', { configPath });
  if (added.status !== 201) throw new Error(`project not added: ${added.text}`);

  return {
    app,
    token,
    dataDir,
    repo,
    configPath,
    projectId: PROJECT,
    runtime,
    agent,
    workspace,
    terminal,
    sessions: app.sessions,
    logs: log.lines,
    errors: log.errors,
    inject,
    until,
    async spawn(body = { prompt: 'Fix the login redirect' }) {
      const res = await inject<{ session: Session }>('POST', '/api/sessions', body);
      if (res.status !== 201) throw new Error(`spawn: HTTP ${res.status} ${res.text}`);
      const { id } = res.body.session;
      await until(() => agent.watching(id), `the agent's watcher of ${id}`);
      return res.body.session;
    },
    async get(id) {
      const res = await inject<{ session: Session }>('GET', `/api/sessions/${id}`);
      if (res.status !== 200) throw new Error(`get ${id}: HTTP ${res.status} ${res.text}`);
      return res.body.session;
    },
    async close() {
      await app.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

const PROJECT = 'fast';

/** The project's repository (a directory with `.git`: the fake workspace runs no git) and its `ao.config.yaml`. */
function writeProject(root: string, extra: Record<string, unknown> = {}) {
  const repo = join(root, 'repo');
  mkdirSync(join(repo, '.git'), { recursive: true });
  const configPath = join(repo, 'ao.config.yaml');
  const config = {
    project: { id: PROJECT, name: 'Fast project', defaultBranch: 'main' },
    agent: 'fake',
    runtime: 'fake',
    workspace: 'fake',
    terminal: 'fake',
    sessions: { firstPromptTimeoutSec: 10 },
    // No notifier runs in these tests (the default routes urgent and action to the desktop).
    notifiers: { routing: { urgent: [], action: [], warning: [], info: [] } },
    ...extra,
  };
  writeFileSync(configPath, stringify(config));
  return { repo, configPath };
}

/** A pino logger at warn whose lines are kept (and those at error level apart). */
function captureLog() {
  const lines: string[] = [];
  const errors: string[] = [];
  const write = (line: string) => {
    lines.push(line);
    if (levelOf(line) >= 50) errors.push(line);
  };
  return { logger: pino({ level: 'warn' }, { write }), lines, errors };
}

/** `app.inject` with the token (unless `auth: false`), a JSON body, and the reply parsed when it is JSON. */
function injector(app: FastifyInstance, token: string) {
  return async <T>(method: string, url: string, body?: unknown, o: InjectOptions = {}): Promise<Reply<T>> => {
    const headers: Record<string, string> = o.auth === false ? {} : { authorization: `Bearer ${token}` };
    let payload: string | Buffer | undefined;
    if (o.raw !== undefined) payload = o.raw;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await app.inject({
      method: method as 'GET',
      url,
      payload,
      headers: { ...headers, ...o.headers },
    });
    let parsed: unknown = res.body;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      // a text body
    }
    return { status: res.statusCode, body: parsed as T, text: res.body, headers: res.headers };
  };
}

/** Polls `fn` every few ms of real time (even under fake timers) until it is truthy, or fails after `timeoutMs`. */
async function until<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 5_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => realSetTimeout(r, 3));
  }
}

const levelOf = (line: string) => {
  try {
    return (JSON.parse(line) as { level: number }).level;
  } catch {
    return 60; // not pino's JSON: something wrote to the log unexpectedly
  }
};

/** Log lines at error level (pino level 50 and above). */
export const errorLogs = (d: FastDaemon) => d.errors;
