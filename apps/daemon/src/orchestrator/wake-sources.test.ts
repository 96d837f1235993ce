import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orchestratorConfigSchema } from '@ao/shared/config-orchestrator';
import { waitFor } from '@ao/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../db/open-db';
import { projects } from '../db/schema';
import { EventBus } from '../events/event-bus';
import type { SessionRow } from '../sessions/session-row';
import { SessionStore } from '../sessions/session-store';
import { DriftChecks } from './drift';
import type { OrchestratorSpec } from './orchestrator-keys';
import { OrchestratorStore } from './orchestrator-store';
import type { Trigger } from './trigger';
import { followWakeSources, type WakeTarget } from './wake-sources';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** The wake sources over a real event bus and session store (SQLite), recording what they hand the orchestrator. */
describe('followWakeSources', () => {
  let dir: string;
  let db: ReturnType<typeof openDb>;
  let sessions: SessionStore;
  let got: Trigger[];
  let stop: () => void;
  let bus: EventBus;
  const spec: OrchestratorSpec = {
    key: 'p',
    host: 'p',
    projects: ['p'],
    config: orchestratorConfigSchema.parse({ enabled: true, permissionGraceSec: 0 }),
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ao-wake-sources-'));
    db = openDb(join(dir, 'ao.db'));
    const now = new Date().toISOString();
    db.insert(projects)
      .values({ id: 'p', name: 'p', configPath: '/x', repoPath: '/x', createdAt: now, updatedAt: now })
      .run();
    bus = new EventBus(db);
    sessions = new SessionStore(db, bus);
    sessions.insert(row('p-1', now));
    got = [];
    const target: WakeTarget = {
      enqueue: (t) => got.push(t) > 0,
      specFor: (project) => (project === 'p' ? spec : undefined),
      specs: () => [spec],
      keyOfSession: () => undefined,
      onActivity: () => undefined,
      store: new OrchestratorStore(db),
      briefingChecks: 0,
      drift: new DriftChecks(db, bus),
    };
    stop = followWakeSources(bus, sessions, target, { briefingTickMs: 60_000 }, silent);
  });
  afterEach(() => {
    stop();
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const activity = (to: string, detail: string) =>
    sessions.update('p-1', {
      activity: to,
      activitySince: new Date().toISOString(),
      evidence: { source: 'hook:Notification', detail, at: new Date().toISOString(), confidence: 'high' },
    });

  it('an agent blocked wakes the orchestrator', () => {
    activity('blocked', 'the agent has not taken its first prompt after 180 s');
    expect(got).toMatchObject([{ trigger: 'agent_blocked', sessionId: 'p-1', projectId: 'p' }]);
  });

  it('a permission prompt still waiting after the grace time wakes it; one answered in time does not', async () => {
    activity('waiting_input', 'permission prompt: Bash(rm -rf build)');
    await waitFor(() => got.length > 0 || null, 'the permission trigger');
    expect(got[0]).toMatchObject({ trigger: 'permission_waiting', sessionId: 'p-1' });
    expect(got[0]?.detail).toContain('Bash(rm -rf build)');
    got.length = 0;
    activity('waiting_input', 'waiting for your answer'); // not a permission prompt
    activity('working', 'UserPromptSubmit');
    expect(got).toEqual([]);
  });

  it('drift checks: a turn that ends asks once per interval, never past the corrections cap, only when on', () => {
    const off = spec.config;
    try {
      activity('working', 'UserPromptSubmit');
      activity('idle', 'Stop');
      expect(got.filter((t) => t.trigger === 'drift_check')).toEqual([]); // off by default
      spec.config = { ...off, drift: { enabled: true, minIntervalMin: 10, maxCorrections: 1 } };
      activity('working', 'UserPromptSubmit');
      activity('idle', 'Stop');
      activity('working', 'UserPromptSubmit');
      activity('idle', 'Stop'); // within the interval: not asked again
      const checks = got.filter((t) => t.trigger === 'drift_check');
      expect(checks).toMatchObject([{ sessionId: 'p-1', projectId: 'p' }]);
      expect(checks[0]?.detail).toContain('0/1 corrections used');
      // The cap: once a correction was made, no more checks for the session (a later interval included).
      const drift = new DriftChecks(db, bus);
      expect(drift.record('p-1', 'Back to the login bug, please.', 1)).toBe(1);
      expect(() => drift.record('p-1', 'again', 1)).toThrow(/1 corrections already/);
      expect(drift.onTurnEnded(sessions.get('p-1'), spec, Date.now() + 3_600_000)).toBeNull();
    } finally {
      spec.config = off;
    }
  });
});

function row(id: string, now: string): SessionRow {
  return {
    id,
    projectId: 'p',
    kind: 'worker',
    status: 'running',
    activity: 'working',
    branch: `b-${id}`,
    baseBranch: 'main',
    worktreePath: `/w/${id}`,
    worktreeRemoved: false,
    agent: 'a',
    runtime: 'r',
    workspace: 'w',
    hookSecret: 's',
    title: 't',
    createdAt: now,
    updatedAt: now,
  } as SessionRow;
}
