import { readFileSync, statSync } from 'node:fs';
import { type ProjectConfig, projectConfigSchema } from '@ao/shared/config';
import {
  type Document,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type YAMLError,
} from 'yaml';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from './config-error';
import { zodProblems } from './zod-problems';

export { ConfigError, type ConfigProblem, formatProblem } from './config-error';

type Path = readonly PropertyKey[];

export interface LoadedConfig {
  file: string;
  config: ProjectConfig;
  /** Line of a key path in the file (or of its nearest existing parent), for errors found later. */
  lineOf(path: Path): number | null;
  /** Throws a ConfigError listing every issue of a zod parse of the value at `prefix`. */
  fail(prefix: Path, error: z.ZodError): never;
}

/** A config file checked as far as it could be: every problem found, and the config when it fits the schema. */
export interface ConfigCheck {
  file: string;
  /** The file's data, `${VAR}`s expanded (a missing one left as written); undefined when unreadable or not YAML. */
  raw: unknown;
  /** The validated config with defaults, or null when it has problems of its own. */
  config: ProjectConfig | null;
  problems: ConfigProblem[];
  lineOf(path: Path): number | null;
  /** Adds a problem at a key path, unless it is under a value whose missing `${VAR}` is already reported. */
  report(path: Path, problem: string): void;
  /** Adds every issue of a zod parse (by `schema`) of the value at `prefix`. */
  reportZod(prefix: Path, schema: unknown, error: z.ZodError): void;
}

type Env = Record<string, string | undefined>;

const MAX_CONFIG_BYTES = 1024 * 1024;

/** Reads and validates an `ao.config.yaml`. `${VAR}` in any string is replaced from `env`. Throws every problem. */
export function loadProjectConfig(file: string, env: Env): LoadedConfig {
  const check = checkProjectConfig(file, env);
  if (!check.config || check.problems.length) throw new ConfigError(check.problems);
  const { lineOf } = check;
  const fail = (prefix: Path, error: z.ZodError): never => {
    const problems = zodProblems(undefined, error).map(({ path, message }) => {
      const full = [...prefix, ...path];
      return { file, line: lineOf(full), keyPath: keyPathOf(full), problem: message };
    });
    throw new ConfigError(
      problems.length ? problems : [{ file, line: null, keyPath: '', problem: 'invalid' }],
    );
  };
  return { file, config: check.config, lineOf, fail };
}

/** Reads an `ao.config.yaml` and collects every problem: all YAML errors, or else all env and schema problems. */
export function checkProjectConfig(file: string, env: Env): ConfigCheck {
  const check = newCheck(file);
  let text: string;
  try {
    // Only a regular file of sane size: a device (/dev/zero) would be read until the daemon runs out of memory.
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error('not a regular file');
    if (stat.size > MAX_CONFIG_BYTES) throw new Error('larger than 1 MiB: not an ao.config.yaml');
    text = readFileSync(file, 'utf8');
  } catch (err) {
    check.report([], `cannot read: ${(err as Error).message}`);
    return check;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  check.problems.push(...doc.errors.map((error) => yamlProblem(file, error)));
  if (check.problems.length) return check; // the data of a broken document is a guess: stop here
  check.lineOf = lineFinder(doc, lineCounter);
  check.raw = expandEnv(doc.toJS() ?? {}, env, [], (path, name) => {
    check.report(path, `environment variable ${name} is not set`);
    check.missing.push(keyPathOf(path));
  });
  const parsed = projectConfigSchema.safeParse(check.raw);
  if (parsed.success) check.config = parsed.data as ProjectConfig;
  else check.reportZod([], projectConfigSchema, parsed.error);
  return check;
}

function newCheck(file: string): ConfigCheck & { missing: string[] } {
  const check: ConfigCheck & { missing: string[] } = {
    file,
    raw: undefined,
    config: null,
    problems: [],
    /** Key paths whose value names a missing variable: other problems there follow from it. */
    missing: [],
    lineOf: () => null,
    report(path, problem) {
      const key = keyPathOf(path);
      if (check.missing.some((m) => key === m || key.startsWith(`${m}.`))) return;
      check.problems.push({ file, line: check.lineOf(path), keyPath: key, problem });
    },
    reportZod(prefix, schema, error) {
      for (const { path, message } of zodProblems(schema, error)) check.report([...prefix, ...path], message);
    },
  };
  return check;
}

function yamlProblem(file: string, error: YAMLError): ConfigProblem {
  const pos = error.linePos?.[0];
  const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '');
  return {
    file,
    line: pos?.line ?? null,
    keyPath: '',
    problem: `invalid YAML: ${message}${pos ? ` (column ${pos.col})` : ''}`,
  };
}

function expandEnv(
  value: unknown,
  env: Env,
  path: string[],
  missing: (path: string[], name: string) => void,
): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (text, name: string) => {
      const found = env[name];
      if (found !== undefined) return found;
      missing(path, name);
      return text;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => expandEnv(v, env, [...path, String(i)], missing));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, expandEnv(v, env, [...path, k], missing)]),
    );
  }
  return value;
}

const keyPathOf = (path: Path) => path.map(String).join('.');

/** Line of a key path: of the key itself (not of its value, which may start on a later line), else of its parent. */
function lineFinder(doc: Document, counter: LineCounter): (path: Path) => number | null {
  const lineAt = (node: unknown) => (isNode(node) && node.range ? counter.linePos(node.range[0]).line : null);
  const keyLine = (path: Path): number | null => {
    const parent = doc.getIn(path.slice(0, -1) as unknown[], true);
    const key = String(path[path.length - 1]);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === key);
      return lineAt(pair?.key) ?? lineAt(pair?.value);
    }
    return isSeq(parent) ? lineAt(parent.items[Number(key)]) : null;
  };
  return (path) => {
    for (let n = path.length; n > 0; n--) {
      const line = keyLine(path.slice(0, n));
      if (line) return line;
    }
    return lineAt(doc.contents);
  };
}
