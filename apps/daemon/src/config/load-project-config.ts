import { readFileSync } from 'node:fs';
import { type ProjectConfig, projectConfigSchema } from '@ao/shared/config';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';

/** A config error that names the file, the line and the key path. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly keyPath: string,
    readonly problem: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${keyPath ? `${keyPath}: ` : ''}${problem}`);
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  file: string;
  config: ProjectConfig;
  /** Line of a key path in the file (or of its nearest existing parent), for errors found later. */
  lineOf(path: readonly PropertyKey[]): number | null;
  /** Throws a ConfigError for the issues of a zod parse of the value at `prefix`. */
  fail(prefix: readonly PropertyKey[], error: z.ZodError): never;
}

type Env = Record<string, string | undefined>;

/** Reads and validates an `ao.config.yaml`. `${VAR}` in any string is replaced from `env`. */
export function loadProjectConfig(file: string, env: Env): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, null, '', `cannot read: ${(err as Error).message}`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = firstError.linePos?.[0]?.line ?? null;
    throw new ConfigError(file, line, '', `invalid YAML: ${firstError.message.split('\n')[0]}`);
  }
  const lineOf = (path: readonly PropertyKey[]): number | null => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return null;
  };
  const fail = (prefix: readonly PropertyKey[], error: z.ZodError): never => {
    const issue = error.issues[0];
    const path = [...prefix, ...(issue?.path ?? [])];
    throw new ConfigError(file, lineOf(path), path.map(String).join('.'), issue?.message ?? 'invalid');
  };
  const raw = expandEnv(doc.toJS() ?? {}, env, [], (path, name) => {
    throw new ConfigError(file, lineOf(path), path.join('.'), `environment variable ${name} is not set`);
  });
  const parsed = projectConfigSchema.safeParse(raw);
  if (!parsed.success) fail([], parsed.error);
  return { file, config: parsed.data as ProjectConfig, lineOf, fail };
}

function expandEnv(
  value: unknown,
  env: Env,
  path: string[],
  missing: (path: string[], name: string) => never,
): unknown {
  if (typeof value === 'string') {
    return value.replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g,
      (_m, name: string) => env[name] ?? missing(path, name),
    );
  }
  if (Array.isArray(value)) return value.map((v, i) => expandEnv(v, env, [...path, String(i)], missing));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, expandEnv(v, env, [...path, k], missing)]),
    );
  }
  return value;
}
