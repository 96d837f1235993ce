import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import {
  type FakeKubernetes,
  makeProject,
  type ProjectFixture,
  startFakeKubernetes,
  waitFor,
} from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeCwd, projectSlug } from '../../src/plugins/agent-claude-code/paths';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

/**
 * A stand-in for `claude` in the pod: it writes its transcript where the pod has the transcript folder (an emptyDir;
 * the fake API server gives each emptyDir a temp dir of its own, so the pod's copy is NOT the daemon's file), prints
 * that folder, then waits on its terminal.
 */
const AGENT = `#!/bin/sh
while [ $# -gt 0 ]; do [ "$1" = --session-id ] && id="$2"; shift; done
echo "POD-DIR $AO_FORWARD_0_DIR"
printf '%s\\n' "{\\"type\\":\\"ai-title\\",\\"aiTitle\\":\\"Title from the pod\\",\\"sessionId\\":\\"$id\\"}" >> "$AO_FORWARD_0_DIR/$id.jsonl"
while read -r line; do echo "GOT: $line"; done
`;

describe('a Claude Code session in a pod (clone workspace) ships its transcript home through the forwarder', () => {
  let fake: FakeKubernetes;
  let p: ProjectFixture;
  let d: TestDaemon;
  const dir = mkdtempSync(join(tmpdir(), 'ao-kfwd-'));
  const configDir = join(dir, 'claude');

  beforeAll(async () => {
    fake = await startFakeKubernetes();
    d = await startTestDaemon();
    const bin = join(dir, 'claude-in-pod');
    writeFileSync(bin, AGENT);
    chmodSync(bin, 0o755);
    p = await makeProject('kf', {
      agent: 'claude-code',
      agents: { 'claude-code': { binary: bin, configDir, permissions: 'skip' } },
      runtime: 'kubernetes',
      runtimes: {
        kubernetes: {
          namespace: 'ao',
          image: 'ao-agent:test',
          kubeconfig: fake.writeKubeconfig(join(dir, 'kubeconfig'), 'ao'),
          daemonUrl: d.url.replace('127.0.0.1', 'localhost'),
          workspace: { mode: 'clone' },
        },
      },
    });
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await d?.stop();
    await fake?.close();
    p?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the title in the pod's transcript becomes the session's title on the daemon", async () => {
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', { project: 'kf', prompt: 'go' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const s = res.body.session;
    const row = d.app.sessions.find(s.id);
    const transcripts = join(configDir, 'projects', projectSlug(claudeCwd(row?.worktreePath ?? '')));
    await waitFor(
      async () =>
        (await d.api<{ session: Session }>('GET', `/api/sessions/${s.id}`)).body.session.title ===
        'Title from the pod',
      "the pod's transcript title on the session",
      60_000,
    );
    let podDir = '';
    await waitFor(
      async () => {
        const out = (await d.api<{ text: string }>('GET', `/api/sessions/${s.id}/output`)).body.text ?? '';
        podDir = /POD-DIR (\S+)/.exec(out)?.[1] ?? '';
        return podDir !== '';
      },
      'the pod agent printed its transcript folder',
      30_000,
    );
    expect(podDir).not.toBe(transcripts); // the pod wrote its own disk, not the daemon's
    const mirrored = join(transcripts, `${row?.agentSessionId}.jsonl`);
    expect(existsSync(mirrored)).toBe(true);
    expect(readFileSync(mirrored, 'utf8')).toBe(
      readFileSync(join(podDir, `${row?.agentSessionId}.jsonl`), 'utf8'),
    );
    // Nothing else was written into the agent's config dir from the pod (no settings, no hooks).
    expect(existsSync(join(configDir, 'settings.json'))).toBe(false);
    expect((await d.api('POST', `/api/sessions/${s.id}/kill`, {})).status).toBe(200);
  }, 90_000);
});
