import fc from 'fast-check';
import type { DeclaredRoute } from '../../../src/http/route-catalog';
import { SUBSCRIBED_EVENTS } from '../../../src/webhooks';
import type { Auth, Body, Param, Recipe } from './concrete';
import {
  type JsonSchema,
  jsonSchemaOf,
  junkJson,
  junkString,
  nearValidOf,
  validOf,
} from './schema-arbitrary';
import { webhookPayload } from './webhook-payloads';

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/json; charset=utf-16',
  null,
];

/** What the generators may use from the daemon under test: its project's files and its token (valid input too). */
export interface Known {
  configPath: string;
  repo: string;
  token: string;
}

/** Interesting values for fields the daemon looks up (plugin names, project ids, files, the token). */
function hintFor(field: string, files: Known): fc.Arbitrary<unknown> | null {
  switch (field) {
    case 'project':
    case 'id':
      return fc.constantFrom('fast', 'nope', 'other-project');
    case 'agent':
      // The built-in agents need their real CLIs to confirm a message (their own tests); 'generic' has no settings
      // in the test project, so it must be refused.
      return fc.constantFrom('fake', 'generic', 'nope', 'Fake');
    case 'runtime':
      // Never 'tmux' or 'process': they would start real programs (a real spawn is the integration tests' job).
      return fc.constantFrom('fake', 'nope', 'Fake');
    case 'configPath':
      return fc.constantFrom(
        files.configPath,
        files.repo,
        `${files.repo}/nope.yaml`,
        '/dev/null',
        '/dev/zero',
        'relative.yaml',
      );
    case 'token':
      return fc.constantFrom(
        files.token,
        ` ${files.token}\n`,
        'wrong-token-wrong-token-wrong-token-wrong',
        'x',
      );
    case 'lastEventId':
      return fc.constantFrom('0', '1', '5', '99999999', '-1', '1.5');
    default:
      return null;
  }
}

/** Valid values for a schema, with the fields the daemon looks up sometimes set to interesting values. */
function validWithHints(schema: JsonSchema, files: Known): fc.Arbitrary<unknown> {
  const base = validOf(schema);
  if (schema.type !== 'object' || !schema.properties) return base;
  const hinted = Object.keys(schema.properties).flatMap((k) => {
    const hint = hintFor(k, files);
    return hint ? [[k, hint] as const] : [];
  });
  if (!hinted.length) return base;
  return fc.tuple(base, fc.subarray(hinted)).chain(([value, fields]) =>
    fields.length
      ? fc.tuple(...fields.map(([, arb]) => arb)).map((vals) => ({
          ...(value as object),
          ...Object.fromEntries(fields.map(([k], i) => [k, vals[i]])),
        }))
      : fc.constant(value),
  );
}

function bodyArbitrary(
  schema: JsonSchema | null,
  files: Known,
  example: fc.Arbitrary<unknown> | null,
): fc.Arbitrary<Body> {
  const raw = fc.record({
    kind: fc.constant('raw' as const),
    bytes: fc.oneof(
      { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
      {
        weight: 4,
        arbitrary: fc.constantFrom(
          '{"prompt": ',
          '{"a":1}{"b":2}',
          '[',
          'null',
          '"str"',
          '{"__proto__": {"polluted": true}, "message": "x"}',
          '{"constructor": {"prototype": {"polluted": true}}}',
          '\ufeff{"message":"bom"}',
          '{"message":"\\ud800"}',
          '',
        ),
      },
      // Up to just past the 1 MB body limit, rarely.
      { weight: 1, arbitrary: fc.nat({ max: 1_100_000 }).map((n) => `"${'q'.repeat(n)}"`) },
    ),
    contentType: fc.constantFrom(...CONTENT_TYPES),
  });
  const json = (how: 'valid' | 'near' | 'junk', arb: fc.Arbitrary<unknown>) =>
    arb.map((value) => ({ kind: 'json' as const, value, how }));
  const parts: Array<{ weight: number; arbitrary: fc.Arbitrary<Body> }> = [
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
    { weight: 2, arbitrary: json('junk', junkJson) },
    { weight: 2, arbitrary: raw },
  ];
  if (example) parts.push({ weight: 4, arbitrary: json('valid', example) });
  if (schema) {
    parts.push(
      { weight: 5, arbitrary: json('valid', validWithHints(schema, files)) },
      { weight: 4, arbitrary: json('near', nearValidOf(schema)) },
    );
  }
  return fc.oneof(...parts);
}

function queryArbitrary(schema: JsonSchema | null, files: Known) {
  const raw = fc.record({
    kind: fc.constant('raw' as const),
    text: fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.constantFrom('a=%zz', 'bytes=1&bytes=2', 'lines=', '&&&=', 'project[]=a', 'token=%00', '=x', '%'),
    ),
  });
  const object = (arb: fc.Arbitrary<unknown>) =>
    arb.map((value) => ({
      kind: 'object' as const,
      value: (value && typeof value === 'object' && !Array.isArray(value) ? value : { q: value }) as Record<
        string,
        unknown
      >,
    }));
  const parts: Array<fc.Arbitrary<Recipe['query']>> = [fc.constant(null), raw];
  if (schema) parts.push(object(validWithHints(schema, files)), object(nearValidOf(schema)));
  return fc.oneof(...parts);
}

function paramArbitrary(name: string, schema: JsonSchema | null): fc.Arbitrary<Param> {
  const valid = schema?.properties?.[name];
  const parts: Array<{ weight: number; arbitrary: fc.Arbitrary<Param> }> = [
    // Half the picks go to the first sessions (the seeded ones, in every state), half to any.
    { weight: 5, arbitrary: fc.oneof(fc.nat({ max: 8 }), fc.nat()).map((pick) => ({ pick })) },
    { weight: 2, arbitrary: junkString.map((text) => ({ text, raw: false })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '..',
          '.',
          '%',
          '%zz',
          '%2e%2e',
          'a%2Fb',
          '%00',
          'fast-0',
          'fast-1',
          'FAST-1',
          ' fast-1',
        )
        .map((text) => ({ text, raw: true })),
    },
  ];
  if (valid)
    parts.push({ weight: 2, arbitrary: validOf(valid).map((v) => ({ text: String(v), raw: false })) });
  return fc.oneof(...parts);
}

const authArbitrary: fc.Arbitrary<Auth> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Auth>('bearer') },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Auth>('none', 'wrong', 'bearer-junk', 'cookie', 'cookie+origin', 'evil-host'),
  },
);

/** Requests for one declared route: params, query and body from its schemas (valid, near-valid, junk), any auth. */
export function recipes(route: DeclaredRoute, files: Known): fc.Arbitrary<Recipe> {
  const schemaOf = (part: 'params' | 'querystring' | 'body') => {
    const s = route.schema[part];
    return s ? jsonSchemaOf(s) : null;
  };
  const paramsSchema = schemaOf('params');
  const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
  const params = fc.record(Object.fromEntries(names.map((n) => [n, paramArbitrary(n, paramsSchema)])));
  const isHook = route.url === '/api/hooks/:sessionId';
  const isWebhook = route.url === '/api/webhooks/github';
  const base = {
    auth: authArbitrary,
    params,
    query: queryArbitrary(schemaOf('querystring'), files),
    body: bodyArbitrary(
      isHook ? HOOK_BODY : schemaOf('body'),
      files,
      examples(files)[`${route.method} ${route.url}`] ?? null,
    ),
  };
  if (isHook) {
    return fc.record({
      ...base,
      secret: fc.oneof(
        { weight: 4, arbitrary: fc.constant<'right'>('right') },
        { weight: 1, arbitrary: fc.constantFrom<'none' | 'wrong'>('none', 'wrong') },
        { weight: 1, arbitrary: junkString.map((text) => ({ text })) },
      ),
    });
  }
  if (isWebhook) {
    return fc.record({
      ...base,
      body: fc.oneof(
        {
          weight: 3,
          arbitrary: webhookPayload.map((value) => ({ kind: 'json' as const, value, how: 'valid' as const })),
        },
        { weight: 2, arbitrary: base.body },
      ),
      webhook: fc.record({
        signature: fc.oneof(
          { weight: 4, arbitrary: fc.constant<'good'>('good') },
          { weight: 1, arbitrary: fc.constantFrom<'bad' | 'none' | 'malformed'>('bad', 'none', 'malformed') },
        ),
        event: fc.oneof(fc.constantFrom(...SUBSCRIBED_EVENTS, 'ping'), junkString),
        delivery: fc.oneof(fc.uuid(), junkString),
      }),
    });
  }
  return fc.record(base);
}

/**
 * Bodies that get past every check of a few routes whose valid-shaped bodies rarely do (a spawn needs a prompt and the
 * test's project and plugins; a login needs the token), so the fuzz reaches what those routes do when they accept.
 */
const examples = (k: Known): Record<string, fc.Arbitrary<unknown>> => {
  const cached = exampleCache.get(k.token);
  if (cached) return cached;
  const built = buildExamples(k);
  exampleCache.set(k.token, built);
  return built;
};
const exampleCache = new Map<string, Record<string, fc.Arbitrary<unknown>>>();

const buildExamples = (k: Known): Record<string, fc.Arbitrary<unknown>> => ({
  'POST /api/sessions': fc.record(
    {
      prompt: fc.string({ minLength: 1, maxLength: 200 }),
      project: fc.constant('fast'),
      agent: fc.oneof(
        { weight: 3, arbitrary: fc.constant('fake') },
        { weight: 1, arbitrary: fc.constant('generic') },
      ),
      runtime: fc.constant('fake'),
      branch: fc.stringMatching(/^fuzz\/[a-z0-9]{1,24}$/),
    },
    { requiredKeys: ['prompt'] },
  ),
  'POST /api/auth/login': fc.constant({ token: k.token }),
  'POST /api/projects': fc.constant({ configPath: k.configPath }),
});

/** The fake agent's hook bodies, for the hook route (its schema is `unknown`). */
const HOOK_BODY: JsonSchema = {
  type: 'object',
  properties: {
    event: { enum: ['prompt', 'tool', 'stop', 'permission', 'other'] },
    text: { type: 'string' },
    message: { type: 'string' },
  },
  required: ['event'],
};
