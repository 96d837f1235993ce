// Benchmark: a message to a Codex session → the daemon's confirmation. The real Codex CLI (apps/daemon's pinned
// devDependency, or AO_BENCH_CODEX_BIN) runs in ao's tmux against a local mock of the Responses API; the bench sends
// messages with `POST /api/sessions/:id/send` one after another (each once the previous turn is idle) and times the
// reply, which comes when Codex confirmed the message (its rollout's user turn, or its queue on screen), and counts
// the Enter resubmits the daemon needed (its reply says "confirmed after N resubmit(s)").
// Usage: node bench/codex-delivery.mjs [--messages 20]   (load: run `stress-ng --cpu 2` beside it)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  checkBuilt,
  cleanup,
  codexConfigToml,
  formatSummary,
  freePort,
  goal,
  makeDataDir,
  makeProject,
  printMachine,
  startDaemon,
  startOpenAiResponsesMock,
  summarize,
  waitFor,
  warnIfRebuilt,
} from '../packages/testkit/dist/testkit.mjs';

const { values: opts } = parseArgs({ options: { messages: { type: 'string', default: '20' } } });
const MESSAGES = Number(opts.messages);
const CODEX_BIN =
  process.env.AO_BENCH_CODEX_BIN ??
  fileURLToPath(new URL('../test-agents/node_modules/@openai/codex/bin/codex.js', import.meta.url));

async function main() {
  checkBuilt();
  const machine = printMachine();
  console.log(`codex: ${CODEX_BIN}`);
  // Titles (requests without tools) get a title, everything else a one-line answer.
  const mock = await startOpenAiResponsesMock({
    script: (req) => ({ kind: 'message', text: req.body?.tools?.length ? 'Noted.' : 'A title' }),
  });
  const dataDir = makeDataDir();
  let project = null;
  let daemon = null;
  try {
    project = await makeProject(
      'cx',
      ({ scratch }) => {
        const home = join(scratch, 'codex-home');
        mkdirSync(home);
        writeFileSync(join(home, 'config.toml'), codexConfigToml(mock.baseUrl, 'AO_BENCH_MOCK_KEY'));
        return {
          agent: 'codex',
          runtime: 'tmux',
          agents: {
            codex: { binary: CODEX_BIN, permissions: 'skip', home, env: { AO_BENCH_MOCK_KEY: 'sk-bench' } },
          },
        };
      },
      { tmpPrefix: 'ao-bench2-' },
    );
    daemon = await startDaemon({ dataDir, port: await freePort() });
    await daemon.api('POST', '/api/projects', { configPath: project.configPath });
    const { body } = await daemon.api('POST', '/api/sessions', { project: 'cx', prompt: 'say hello' });
    const id = body.session.id;
    const session = async () => (await daemon.api('GET', `/api/sessions/${id}`)).body.session;
    const idle = () => waitFor(async () => (await session()).activity === 'idle', `${id} idle`, 60_000);
    await idle();

    // Codex may still be finishing the last turn when it is idle in ao (its notify program runs): then it queues the
    // message and starts the next turn with it; the reply says `queued`, and the message is delivered right after.
    const delivered = (mid) =>
      waitFor(
        async () =>
          (await daemon.api('GET', `/api/sessions/${id}/messages`)).body.messages.find((m) => m.id === mid)
            ?.state === 'delivered',
        `message ${mid} delivered`,
        60_000,
      );
    const states = {};
    const times = [];
    const resubmits = [];
    for (let i = 0; i < MESSAGES; i++) {
      const t0 = performance.now();
      const sent = await daemon.api('POST', `/api/sessions/${id}/send`, { message: `message ${i}: say hi` });
      times.push(performance.now() - t0);
      const d = sent.body.delivery;
      if (d.state !== 'delivered' && d.state !== 'queued')
        throw new Error(`message ${i}: ${d.state} (${d.detail})`);
      states[d.state] = (states[d.state] ?? 0) + 1;
      resubmits.push(Number(/after (\d+) resubmit/.exec(d.detail)?.[1] ?? 0));
      await delivered(d.id);
      await idle();
    }
    const s = summarize(times);
    console.log(formatSummary('send → confirmed (reply of POST /send)', s));
    console.log(
      `resubmits: ${resubmits.reduce((a, b) => a + b, 0)} in ${MESSAGES} messages ` +
        `(${resubmits.filter((n) => n > 0).length} needed one or more); replies: ${JSON.stringify(states)}`,
    );
    goal('p95 send → confirmed', s.p95, 1500, 'ms');
    warnIfRebuilt(machine.build);
    console.log(JSON.stringify({ bench: 'codex-delivery', messages: MESSAGES, ...s, resubmits, states }));
  } finally {
    await cleanup({ daemon, dataDir, dirs: project ? [project.root] : [] });
    await mock.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
