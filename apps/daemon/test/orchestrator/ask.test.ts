import { spawn } from 'node:child_process';
import type { Question } from '@ao/shared/questions';
import { readMessages, waitFor } from '@ao/testkit';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AO_BIN, ao } from '../helpers/cli';
import { mcpClient, parsed } from '../mcp/mcp-daemon';
import { type GenericFleet, startGenericFleet } from './orchestrator-fleet';

/**
 * A person asks the orchestrator (`ao ask`, the API) and decides escalations; both reach the orchestrator as wakes,
 * and its answer (`answer_human`, called here through the MCP SDK client with the orchestrator's scope, as its agent
 * would) reaches the person. A real daemon, real tmux, the generic message reader as the orchestrator.
 */
describe('asking the orchestrator', () => {
  let f: GenericFleet;
  let orch: Client;
  const digests = () => readMessages(f.orchestratorInbox).filter((m) => m.includes('[ao wake]'));
  const call = async (name: string, args: Record<string, unknown>) =>
    parsed(await orch.callTool({ name, arguments: args }));

  beforeAll(async () => {
    f = await startGenericFleet({ briefingEveryMin: 0 });
    const { token } = f.d.app.mcp.tokens.mint({ kind: 'orchestrator' });
    orch = await mcpClient(f.d.url, token);
    await waitFor(async () => (await f.status()).state === 'running', 'the orchestrator running');
  }, 120_000);
  afterAll(async () => {
    await orch?.close();
    await f?.close();
  }, 60_000);

  it('ao ask prints the answer part by part as the orchestrator gives it with answer_human', async () => {
    const text = 'Which PR should merge first?\u001b[31m';
    const cli = spawn(process.execPath, [AO_BIN, '--data-dir', f.d.dataDir, 'ask', text, '--timeout', '50'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    cli.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    cli.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    const exited = new Promise<number | null>((r) => cli.on('exit', (code) => r(code)));
    const digest = await waitFor(
      () => digests().find((d) => d.includes('human_question')),
      'the question woke it',
    );
    const id = Number(/question #(\d+) from cli/.exec(digest)?.[1]);
    expect(id).toBeGreaterThan(0);
    const q = await call('get_question', { id });
    expect(q.json).toMatchObject({ id, text, from: 'cli', answer: null });
    await waitFor(() => stderr.includes('took it'), 'the CLI saw the orchestrator take it');
    expect(stderr).toContain(`asked the orchestrator (question #${id})`);

    // A first part shows at once, while the CLI still waits for the rest.
    const part = await call('answer_human', { id, text: 'Merge orch-2 first:', final: false });
    expect(part.isError, part.text).toBe(false);
    await waitFor(() => stdout.includes('Merge orch-2 first:'), 'the first part printed');
    expect(cli.exitCode).toBeNull();
    const answered = await call('answer_human', { id, text: 'two others build on it.' });
    expect(answered.isError, answered.text).toBe(false);
    expect(await exited).toBe(0);
    expect(stdout).toBe('Merge orch-2 first:\ntwo others build on it.\n');
    // One answer per question.
    const again = await call('answer_human', { id, text: 'changed my mind' });
    expect(again.isError).toBe(true);
    expect(again.text).toMatch(/answered already/);
    const shown = await ao(f.d.dataDir, ['ask', '--show', String(id), '--json']);
    expect(JSON.parse(shown.stdout) as Question).toMatchObject({
      id,
      answer: 'Merge orch-2 first:\ntwo others build on it.',
    });
  });

  it('a bad body is a 400 naming the field; with the orchestrator stopped the question is refused, nothing stored', async () => {
    const bad = await f.d.api<{ error: { field?: string } }>('POST', '/api/ask', { question: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('question');
    await f.d.api('POST', '/api/orchestrator/stop', {});
    const refused = await f.d.api<{ error: { message: string } }>('POST', '/api/ask', {
      question: 'still there?',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/stopped/);
    const rows = f.d.app.db.$client
      .prepare('SELECT count(*) AS n FROM human_questions WHERE text = ?')
      .get('still there?');
    expect(rows).toEqual({ n: 0 });
    const started = await f.d.api('POST', '/api/orchestrator/start', {});
    expect(started.status).toBe(200);
    await waitFor(async () => (await f.status()).state === 'running', 'running again');
  });

  it("the human's decision on an escalation wakes the orchestrator with it", async () => {
    const esc = await call('escalate', {
      summary: 'Two designs for the cache.',
      recommendation: 'Take the smaller one.',
      project: 'orch',
    });
    const id = (esc.json as { escalation: { id: number } }).escalation.id;
    const res = await f.d.api('POST', `/api/escalations/${id}/resolve`, {
      decision: 'answer',
      text: 'Use the LRU one',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const digest = await waitFor(
      () => digests().find((d) => d.includes('human_decision') && d.includes('Use the LRU one')),
      'the decision woke it',
    );
    expect(digest).toContain(`Escalation #${id}`);
  });

  it("a worker's end wakes it to reflect; its reflection and lesson land on the retro and the lessons list", async () => {
    const w = await f.spawnWorker('Tidy the changelog');
    const killed = await f.d.api('POST', `/api/sessions/${w.id}/kill`, {});
    expect(killed.status, JSON.stringify(killed.body)).toBe(200);
    await waitFor(
      () => digests().find((d) => d.includes(`session_ended ${w.id}`)),
      'the end woke the orchestrator',
    );
    const r = await call('record_reflection', {
      session: w.id,
      reflection: 'It stopped before the tests ran.',
      lesson: { text: 'Run the unit tests before you stop', reason: `${w.id} was killed with no test run` },
    });
    expect(r.isError, r.text).toBe(false);
    const retro = await f.d.api<{ retro: { reflection: string; lessonId: number | null } }>(
      'GET',
      `/api/sessions/${w.id}/retro`,
    );
    expect(retro.body.retro.reflection).toBe('It stopped before the tests ran.');
    const lessons = await f.d.api<{
      lessons: Array<{ id: number; text: string; source: string; state: string }>;
    }>('GET', '/api/lessons?project=orch&all=1');
    const lesson = lessons.body.lessons.find((l) => l.text === 'Run the unit tests before you stop');
    expect(lesson).toMatchObject({ source: 'orchestrator', state: 'proposed' });
    expect(retro.body.retro.lessonId).toBe(lesson?.id);
    const twice = await call('record_reflection', { session: w.id, reflection: 'again' });
    expect(twice.isError).toBe(true);
    expect(twice.text).toMatch(/reflection already/);
  });
});

describe('drift corrections', () => {
  let f: GenericFleet;
  let orch: Client;
  beforeAll(async () => {
    f = await startGenericFleet({ briefingEveryMin: 0, drift: { enabled: true, maxCorrections: 1 } });
    const { token } = f.d.app.mcp.tokens.mint({ kind: 'orchestrator' });
    orch = await mcpClient(f.d.url, token);
  }, 120_000);
  afterAll(async () => {
    await orch?.close();
    await f?.close();
  }, 60_000);

  it('correct_drift sends the worker its correction and records it, within the cap', async () => {
    const w = await f.spawnWorker('Fix the login redirect');
    const text = 'Stop refactoring the router: the task is the login redirect only.';
    const r = parsed(await orch.callTool({ name: 'correct_drift', arguments: { session: w.id, text } }));
    expect(r.isError, r.text).toBe(false);
    expect(r.json).toEqual({ correction: 1, max: 1 });
    const messages = await f.d.api<{ messages: Array<{ text: string }> }>(
      'GET',
      `/api/sessions/${w.id}/messages`,
    );
    expect(messages.body.messages.map((m) => m.text)).toContain(text);
    const events = f.d.app.bus.since(0).filter((e) => e.type === 'orchestrator.corrected');
    expect(events.map((e) => e.data)).toEqual([{ sessionId: w.id, text, correction: 1, max: 1 }]);
    const again = parsed(
      await orch.callTool({ name: 'correct_drift', arguments: { session: w.id, text: 'more' } }),
    );
    expect(again.isError).toBe(true);
    expect(again.text).toMatch(/1 corrections already/);
  });
});
