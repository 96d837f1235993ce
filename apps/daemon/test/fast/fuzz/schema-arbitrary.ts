import fc from 'fast-check';
import { z } from 'zod';

/** The JSON Schema subset zod emits for the daemon's request schemas. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
}

/** A zod schema as JSON Schema (its input side: what a client sends). */
export const jsonSchemaOf = (schema: z.ZodType): JsonSchema =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

/** Strings a client could send anywhere: any code point (lone surrogates too), control characters, long ones. */
export const junkString = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '\n\r\t',
      '../../../etc/passwd',
      '$(touch /tmp/pwned)',
      '`id`',
      '; rm -rf ~',
      '%00',
      '%zz',
      '\ud800',
      '🚀'.repeat(50),
      'null',
      'true',
      '-1',
      '1e309',
      'NaN',
      '__proto__',
      'constructor',
      '<script>alert(1)</script>',
      "' OR 1=1 --",
    ),
  },
  // Huge ones (up to 300 kB), rarely: each costs a parse and a copy or two.
  { weight: 1, arbitrary: fc.nat({ max: 300_000 }).map((n) => 'x'.repeat(n)) },
);

/** Any JSON value, including deep nesting and the keys that poison prototypes. */
export const junkJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.nat({ max: 2_000 }).map(deepArray) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      JSON.parse('{"__proto__": {"polluted": true}}'),
      JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
      [],
      {},
      null,
      0,
      '',
      Number.MAX_SAFE_INTEGER + 2,
    ),
  },
);

function deepArray(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** Values that fit `schema` (with some tries at its edges). */
export function validOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.anyOf ?? schema.oneOf) return fc.oneof(...(schema.anyOf ?? schema.oneOf ?? []).map(validOf));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'object':
      return objectOf(schema);
    case 'string':
      return stringOf(schema);
    case 'integer':
    case 'number': {
      const min =
        schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1e9);
      const max =
        schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1e9);
      const lo = Math.max(min, -Number.MAX_SAFE_INTEGER);
      const hi = Math.min(max, Number.MAX_SAFE_INTEGER);
      return fc.oneof(fc.integer({ min: lo, max: hi }), fc.constantFrom(lo, hi));
    }
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(schema.items ? validOf(schema.items) : junkJson, { maxLength: 5 });
    default:
      return junkJson; // unconstrained (`z.unknown()`)
  }
}

function objectOf(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const shape = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validOf(v)]));
  return fc.record(shape, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
}

/** `fc.stringMatching` is costly to build (it precomputes its edge cases): one per pattern and bounds. */
const matching = new Map<string, fc.Arbitrary<string>>();

function stringOf(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 300;
  const fits = (s: string) => s.length >= min && s.length <= max;
  if (schema.pattern) {
    const key = `${schema.pattern}\u0000${min}\u0000${max}`;
    let arb = matching.get(key);
    if (!arb) {
      arb = fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
      matching.set(key, arb);
    }
    return arb;
  }
  return fc.oneof(
    fc.string({ minLength: min, maxLength: Math.min(max, 60) }),
    fc.string({ unit: 'binary', minLength: min, maxLength: Math.min(max, 60) }),
    fc.constant('y'.repeat(Math.max(min, 1))).filter(fits),
    fc.constant('z'.repeat(max)),
  );
}

/**
 * Values near `schema`: a valid object with one field of the wrong type, one extra key, one required key missing, a
 * string past its bound; or a wrong type altogether.
 */
export function nearValidOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  const wrongType = fc.oneof(
    junkJson,
    fc.constantFrom<unknown>(null, true, 0, -1, 1.5, '', [], {}, ['a'], { nested: { deep: [1] } }),
    junkString,
  );
  if (schema.type !== 'object' || !schema.properties) return fc.oneof(wrongType, validOf(schema));
  const keys = Object.keys(schema.properties);
  const valid = objectOf(schema);
  const mutations: Array<fc.Arbitrary<unknown>> = [
    wrongType,
    fc
      .tuple(
        valid,
        junkString.filter((k) => !keys.includes(k) && k.length < 100),
        junkJson,
      )
      .map(([o, k, v]) => ({ ...o, [k]: v })),
    fc.tuple(valid, fc.constantFrom('__proto__', 'constructor', 'prototype')).map(([o, k]) => {
      const out: Record<string, unknown> = { ...o };
      Object.defineProperty(out, k, { value: { polluted: true }, enumerable: true });
      return out;
    }),
  ];
  if (keys.length) {
    mutations.push(
      fc.tuple(valid, fc.constantFrom(...keys), wrongType).map(([o, k, v]) => ({ ...o, [k]: v })),
      fc.tuple(valid, fc.constantFrom(...keys)).map(([o, k]) => {
        const { [k]: _, ...rest } = o;
        return rest;
      }),
      fc.tuple(valid, fc.constantFrom(...keys)).map(([o, k]) => {
        const max = schema.properties?.[k]?.maxLength ?? 1000;
        return { ...o, [k]: 'w'.repeat(max + 1) };
      }),
    );
  }
  return fc.oneof(...mutations);
}

/** Query values are strings on the wire: numbers and booleans as their text; anything else as JSON text. */
export const queryText = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : (JSON.stringify(v) ?? '');

/** Percent-encodes any string as UTF-8 (lone surrogates become U+FFFD, as a browser would send them). */
export const encode = (s: string): string => encodeURIComponent(Buffer.from(s, 'utf8').toString('utf8'));
