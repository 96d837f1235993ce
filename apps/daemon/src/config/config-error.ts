/** One mistake in a config file: where it is and what was expected. */
export interface ConfigProblem {
  file: string;
  /** 1-based line, or null when the problem is the whole file (e.g. it cannot be read). */
  line: number | null;
  /** Dotted key path (`agents.generic.command`), or '' when the problem has none (a YAML syntax error). */
  keyPath: string;
  problem: string;
}

/** `file:line: key.path: problem` (the line and key path left out when unknown). */
export function formatProblem(p: ConfigProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.keyPath ? `${p.keyPath}: ` : ''}${p.problem}`;
}

/** By line (file-wide problems first); problems on one line keep their order. */
export function sortProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/**
 * A config error listing every problem found in a file, one per line of its message, sorted by line. `file`, `line`,
 * `keyPath` and `problem` are those of the first problem (the API's error `field` is its key path).
 */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];
  readonly file: string;
  readonly line: number | null;
  readonly keyPath: string;
  readonly problem: string;

  constructor(file: string, line: number | null, keyPath: string, problem: string);
  constructor(problems: readonly ConfigProblem[]);
  constructor(
    fileOrProblems: string | readonly ConfigProblem[],
    line: number | null = null,
    keyPath = '',
    problem = '',
  ) {
    const problems =
      typeof fileOrProblems === 'string'
        ? [{ file: fileOrProblems, line, keyPath, problem }]
        : sortProblems(fileOrProblems);
    const first = problems[0];
    if (!first) throw new TypeError('a ConfigError needs at least one problem');
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
    this.file = first.file;
    this.line = first.line;
    this.keyPath = first.keyPath;
    this.problem = first.problem;
  }
}
