// A minimal local stand-in for the OpenAI Responses API (`POST /v1/responses`, streamed SSE), enough for the real
// Codex CLI: titles (requests without tools) get a title, everything else a one-line answer. The test suite's richer
// mock is apps/daemon/test/mocks/openai-responses-mock.ts; benchmarks import no TypeScript.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

function events(text, model) {
  const id = `resp_${randomUUID()}`;
  const item = {
    type: 'message',
    id: `msg_${randomUUID()}`,
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text, annotations: [] }],
  };
  const base = { id, object: 'response', created_at: Math.floor(Date.now() / 1000), model };
  const usage = {
    input_tokens: 100,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: 10,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 110,
  };
  return [
    { type: 'response.created', response: { ...base, status: 'in_progress', output: [] } },
    { type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress' } },
    { type: 'response.output_text.delta', item_id: item.id, output_index: 0, content_index: 0, delta: text },
    { type: 'response.output_item.done', output_index: 0, item },
    { type: 'response.completed', response: { ...base, status: 'completed', output: [item], usage } },
  ];
}

/** Starts the mock on a free loopback port: `{baseUrl, requests, close()}` (`requests`: POST /v1/responses count). */
export async function startResponsesMock() {
  const state = { requests: 0 };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url?.startsWith('/v1/responses')) {
        state.requests++;
        let body = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          // Not JSON: answered like any other request.
        }
        const text = body.tools?.length ? 'Noted.' : 'A title';
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        for (const ev of events(text, typeof body.model === 'string' ? body.model : 'mock-model')) {
          res.write(`event: ${ev.type}\ndata: ${JSON.stringify(ev)}\n\n`);
        }
        res.end();
        return;
      }
      if (req.method === 'GET' && req.url?.startsWith('/v1/models')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [], models: [] }));
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"mock: no such route"}}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${server.address().port}/v1`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The config.toml of a CODEX_HOME that talks to the mock (the provider key in AO_BENCH_MOCK_KEY). */
export function codexConfigToml(baseUrl) {
  return [
    'model_provider = "mock"',
    'model = "mock-model"',
    'check_for_update_on_startup = false',
    '[model_providers.mock]',
    'name = "mock"',
    `base_url = "${baseUrl}"`,
    'env_key = "AO_BENCH_MOCK_KEY"',
    'wire_api = "responses"',
    '',
  ].join('\n');
}
