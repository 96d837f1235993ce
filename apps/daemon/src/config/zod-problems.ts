import type { z } from 'zod';

/** A zod issue as a key path (relative to the parsed value) and a message saying what was expected. */
export interface IssueProblem {
  path: PropertyKey[];
  message: string;
}

/**
 * Every issue of a zod parse. zod reports all unknown keys of an object in one issue at the object: this gives one
 * problem per unknown key, at the key, naming the keys that object accepts.
 */
export function zodProblems(schema: unknown, error: z.ZodError): IssueProblem[] {
  return error.issues.flatMap((issue): IssueProblem[] => {
    if (issue.code !== 'unrecognized_keys') return [{ path: [...issue.path], message: issue.message }];
    const known = knownKeys(schema, issue.path);
    const expected = known.length ? `; expected one of: ${known.join(', ')}` : '';
    return issue.keys.map((key) => ({
      path: [...issue.path, key],
      message: `unknown key "${key}"${expected}`,
    }));
  });
}

interface Def {
  type?: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  valueType?: unknown;
  element?: unknown;
  in?: unknown;
}

/** zod's definition of a schema, read structurally (a plugin may bring its own copy of zod). */
const defOf = (schema: unknown): Def | undefined => (schema as { _zod?: { def?: Def } } | null)?._zod?.def;

/** The keys the object schema at `path` accepts, or [] when it cannot be told. */
function knownKeys(schema: unknown, path: readonly PropertyKey[]): string[] {
  let current = unwrap(schema);
  for (const key of path) {
    const def = defOf(current);
    if (def?.type === 'object') current = def.shape?.[String(key)];
    else if (def?.type === 'record') current = def.valueType;
    else if (def?.type === 'array') current = def.element;
    else return [];
    current = unwrap(current);
  }
  const def = defOf(current);
  return def?.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

/** Past optional / default / nullable / pipe wrappers to the schema that checks the value. */
function unwrap(schema: unknown): unknown {
  let current = schema;
  for (let def = defOf(current); def; def = defOf(current)) {
    if (['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch'].includes(def.type ?? '')) {
      current = def.innerType;
    } else if (def.type === 'pipe') {
      current = def.in;
    } else {
      break;
    }
  }
  return current;
}
