import type { AoEvent } from '@ao/shared/events';
import type { Lesson, Retro } from '@ao/shared/lessons';
import type { Report } from '@ao/shared/report';
import type { Session } from '@ao/shared/session';
import { idleGenericAgent, makeProject, type ProjectFixture, waitFor } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ao } from '../helpers/cli';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

type ErrorBody = { error: { code: string; field?: string; message: string } };

/**
 * Retros, lessons and their effect through a running daemon (real SQLite, tmux, git, the `ao` CLI): a killed session's
 * retro proposes a lesson from its CI facts; the human decides it through the API; new sessions record the lessons
 * given to them; `ao report` shows each accepted lesson's effect, checked against numbers computed by hand.
 */
describe('retros and lessons through the daemon', () => {
  let d: TestDaemon;
  let p: ProjectFixture;
  let fx: ProjectFixture;
  let proposed: Lesson;
  const events = (type: AoEvent['type']) => d.app.bus.since(0).filter((e) => e.type === type);
  const spawn = async () => {
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', {
      project: 'les',
      prompt: 'work',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.session;
  };

  beforeAll(async () => {
    p = await makeProject('les', idleGenericAgent());
    fx = await makeProject('fx', idleGenericAgent());
    d = await startTestDaemon();
    for (const f of [p, fx])
      expect((await d.api('POST', '/api/projects', { configPath: f.configPath })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await d?.stop();
    p?.cleanup();
    fx?.cleanup();
  });

  it('a killed session gets its retro with the facts and one lesson proposed from them', async () => {
    const s = await spawn();
    // Its PR's CI history: `lint` failed for real and was fixed by a later push twice, `test` once, and a flaky
    // `lint` failure (not counted).
    const cycle = d.app.db.$client.prepare(
      'INSERT INTO ci_cycles (session_id, failed_head, failed_at, checks, fixed_head, fixed_at, flaky) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const at = new Date().toISOString();
    cycle.run(s.id, 'h1', at, '["lint","test"]', 'h2', at, 0);
    cycle.run(s.id, 'h2', at, '["lint"]', 'h3', at, null);
    cycle.run(s.id, 'h3', at, '["lint"]', 'h4', at, 1);
    expect((await d.api('POST', `/api/sessions/${s.id}/kill`, {})).status).toBe(200);
    const retro = await waitFor(async () => {
      const r = await d.api<{ retro: Retro }>('GET', `/api/sessions/${s.id}/retro`);
      return r.status === 200 ? r.body.retro : null;
    }, 'the retro written');
    expect(retro.facts).toMatchObject({
      end: 'killed',
      ciRealCycles: 2,
      ciFlakyCycles: 1,
      minutesToMerge: null,
      failedChecks: [
        { name: 'lint', times: 2 },
        { name: 'test', times: 1 },
      ],
    });
    expect(retro.reflection).toBeNull(); // no orchestrator reflection is wired yet
    const { lessons } = (await d.api<{ lessons: Lesson[] }>('GET', '/api/lessons?project=les')).body;
    expect(lessons).toHaveLength(1);
    proposed = lessons[0] as Lesson;
    expect(proposed).toMatchObject({
      id: retro.lessonId,
      state: 'proposed',
      source: 'retro',
      sessionId: s.id,
    });
    expect(proposed.text).toContain('Run the `lint` check locally before pushing');
    expect(proposed.reason).toContain('"lint": 2 times');
    expect(events('lesson.proposed').map((e) => e.data)).toEqual([{ lesson: proposed }]);
    // A session without a pattern proposes nothing.
    const quiet = await spawn();
    expect((await d.api('POST', `/api/sessions/${quiet.id}/kill`, {})).status).toBe(200);
    await waitFor(
      async () => ((await d.api('GET', `/api/sessions/${quiet.id}/retro`)).status === 200 ? true : null),
      'retro',
    );
    expect((await d.api<{ lessons: Lesson[] }>('GET', '/api/lessons?project=les')).body.lessons).toHaveLength(
      1,
    );
  });

  it('validates bodies (400 naming the field) and decides a lesson once (409 after)', async () => {
    const bad = async (method: string, path: string, body: unknown, field: string, status = 400) => {
      const res = await d.api<ErrorBody>(method, path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(status);
      if (status === 400) expect(res.body.error.field).toBe(field);
    };
    await bad('POST', '/api/lessons', { project: 'les' }, 'text');
    await bad('POST', '/api/lessons', { project: 'les', text: '   ' }, 'text');
    await bad('POST', '/api/lessons', { project: 'les', text: 'x'.repeat(501) }, 'text');
    await bad('POST', '/api/lessons', { project: 'les', text: 'ok', extra: 1 }, 'extra');
    await bad('POST', '/api/lessons', { text: 'two projects are loaded' }, 'project');
    await bad('POST', `/api/lessons/${proposed.id}/accept`, { text: 42 }, 'text');
    await bad('POST', `/api/lessons/${proposed.id}/reject`, { text: 'edited' }, 'text');
    await bad('POST', '/api/lessons/abc/accept', {}, 'id');
    await bad('POST', '/api/lessons/99999/accept', {}, '', 404);
    await bad('POST', '/api/lessons', { project: 'nope', text: 'x' }, '', 404);
    expect((await d.api<{ lessons: Lesson[] }>('GET', '/api/lessons?project=les')).body.lessons).toEqual([
      proposed,
    ]);

    const edited = 'Run `npm run lint` before every push.';
    const ok = await d.api<{ lesson: Lesson }>('POST', `/api/lessons/${proposed.id}/accept`, {
      text: edited,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.lesson).toMatchObject({
      state: 'accepted',
      text: edited,
      proposedText: proposed.text,
      decidedBy: 'human',
    });
    expect(ok.body.lesson.decidedAt).toBeTruthy();
    expect(events('lesson.decided').map((e) => e.data)).toEqual([{ lesson: ok.body.lesson }]);
    for (const verb of ['accept', 'reject'])
      await bad('POST', `/api/lessons/${proposed.id}/${verb}`, {}, '', 409);
    expect(events('lesson.decided')).toHaveLength(1);
  });

  it('`ao lessons` adds, lists, rejects; a new session records the accepted lessons given to it', async () => {
    const cwd = p.repo;
    const added = await ao(d.dataDir, ['lessons', 'add', 'Keep commits small.'], { cwd });
    expect(added.stdout).toMatch(/^added lesson (\d+) \(les\): Keep commits small\./);
    const addedId = Number(/lesson (\d+)/.exec(added.stdout)?.[1]);
    const other = await d.api<{ lesson: Lesson }>('POST', '/api/lessons', {
      project: 'les',
      text: 'to reject',
    });
    // Added by hand = accepted at once: only a proposal can be rejected.
    expect((await d.api('POST', `/api/lessons/${other.body.lesson.id}/reject`, {})).status).toBe(409);
    d.app.insights.lessons.create({ project: 'les', text: 'a proposal to reject', source: 'retro' });
    const rejectId = d.app.insights.lessons.list({ project: 'les' }).find((l) => l.state === 'proposed')?.id;
    expect((await ao(d.dataDir, ['lessons', 'reject', String(rejectId)], { cwd })).stdout).toContain(
      'rejected lesson',
    );
    const open = (await d.api<{ lessons: Lesson[] }>('GET', '/api/lessons?project=les')).body.lessons;
    expect(open.map((l) => l.text)).not.toContain('a proposal to reject');
    expect((await ao(d.dataDir, ['lessons', '--all'], { cwd })).stdout).toContain('a proposal to reject');

    const s = await spawn();
    const given = await waitFor(() => d.app.insights.outcomes.get(s.id)?.lessons ?? null, 'lessons recorded');
    // Newest accepted first: "to reject" (added by hand, so accepted), "Keep commits small.", the edited lint lesson.
    expect(given).toEqual([other.body.lesson.id, addedId, proposed.id]);
    expect(d.app.insights.outcomes.get(s.id)?.promptTemplate).toBeNull(); // a plain prompt, no tracker template
    await d.api('POST', `/api/sessions/${s.id}/kill`, {});
  });

  it("`ao report` shows each accepted lesson's effect, as computed by hand from a fixture", async () => {
    const db = d.app.db.$client;
    const lesson = db.prepare(
      `INSERT INTO lessons (project_id, text, proposed_text, state, source, created_at, decided_at, decided_by)
       VALUES ('fx', ?, ?, ?, 'human', '2026-01-01T00:00:00.000Z', ?, 'human') RETURNING id`,
    );
    const a = (lesson.get('A', 'A', 'accepted', '2026-03-01T00:00:00.000Z') as { id: number }).id;
    const b = (lesson.get('B', 'B', 'accepted', '2026-04-01T00:00:00.000Z') as { id: number }).id;
    lesson.get('C', 'C', 'proposed', null);
    lesson.get('D', 'D', 'rejected', '2026-02-01T00:00:00.000Z');
    const outcome = db.prepare(
      `INSERT INTO session_outcomes (session_id, project_id, task, title, branch, agent, started_at, updated_at, end_state, lessons)
       VALUES (?, ?, 'prompt', 't', 'b', 'generic', ?, ?, ?, ?)`,
    );
    const cycle = db.prepare(
      `INSERT INTO ci_cycles (session_id, failed_head, failed_at, checks, fixed_head, flaky) VALUES (?, ?, '2026-01-01', '["t"]', ?, ?)`,
    );
    const row = (id: string, started: string, end: string | null, lessons: number[] | null, project = 'fx') =>
      outcome.run(id, project, started, started, end, lessons ? JSON.stringify(lessons) : null);
    row('fx-b1', '2026-01-02T00:00:00.000Z', 'merged', null); // first try, 0 fixes
    row('fx-b2', '2026-01-03T00:00:00.000Z', 'merged', null); // a real failure fixed: 1 fix
    cycle.run('fx-b2', 'h1', 'h2', 0);
    row('fx-b3', '2026-01-04T00:00:00.000Z', 'merged', null); // only a flaky failure: first try, 0 real fixes
    cycle.run('fx-b3', 'h1', 'h2', 1);
    row('fx-b4', '2026-01-05T00:00:00.000Z', 'killed', null); // two real fixes, not merged
    cycle.run('fx-b4', 'h1', 'h2', 0);
    cycle.run('fx-b4', 'h3', 'h4', null);
    row('fx-b5', '2026-01-06T00:00:00.000Z', null, null); // still running: not counted
    row('fx-a1', '2026-03-02T00:00:00.000Z', 'merged', [a]); // first try
    row('fx-a2', '2026-03-03T00:00:00.000Z', 'merged', [a]); // a real failure never fixed: 0 fixes
    cycle.run('fx-a2', 'h1', null, 0);
    row('fx-a3', '2026-04-05T00:00:00.000Z', 'closed', [a, b]); // a re-run on the same head: 0 fixes
    cycle.run('fx-a3', 'h1', 'h1', 0);
    row('other-1', '2026-03-05T00:00:00.000Z', 'merged', [a], 'elsewhere'); // another project: not counted

    // By hand. A: before = b1..b4 (n 4, first try b1 b3 = 2, fixes 0+1+0+2 = 3 → 0.75); after = a1 a2 a3
    // (n 3, first try a1 = 1, fixes 0). B: before = b1..b4 a1 a2 (n 6, first try 3, fixes 3 → 0.5); after = a3.
    const { stdout } = await ao(d.dataDir, ['report', '--json', '--project', 'fx']);
    const r = JSON.parse(stdout) as Report;
    expect(r.lessons).toEqual([
      {
        id: b,
        project: 'fx',
        text: 'B',
        acceptedAt: '2026-04-01T00:00:00.000Z',
        before: { sessions: 6, firstTry: 3, firstTryRate: 0.5, meanFixCycles: 0.5 },
        after: { sessions: 1, firstTry: 0, firstTryRate: 0, meanFixCycles: 0 },
      },
      {
        id: a,
        project: 'fx',
        text: 'A',
        acceptedAt: '2026-03-01T00:00:00.000Z',
        before: { sessions: 4, firstTry: 2, firstTryRate: 0.5, meanFixCycles: 0.75 },
        after: { sessions: 3, firstTry: 1, firstTryRate: 1 / 3, meanFixCycles: 0 },
      },
    ]);
    const text = (await ao(d.dataDir, ['report', '--project', 'fx'])).stdout;
    expect(text).toContain('n=4 · 50% first try · 0.75 fix cycles');
    expect(text).toContain('n=3 · 33.3% first try · 0 fix cycles');
  });
});
