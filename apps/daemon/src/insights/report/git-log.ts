import { spawn } from 'node:child_process';
import { AI_ADDRESSES, parseCoAuthor } from '../attribution/model-trailer';

/** One commit as the report needs it. */
export interface CommitFact {
  sha: string;
  /** Committer time (epoch ms). */
  at: number;
  linesAdded: number;
  /** Names in `Co-Authored-By` trailers with an AI address (the models). */
  models: string[];
}

const RS = '\x1e';
const US = '\x1f';
const GS = '\x1d';
const FORMAT = `--format=${RS}%H${US}%ct${US}%(trailers:key=Co-authored-by,valueonly,separator=%x1d)${US}`;

/**
 * Commits of every ref not reachable from `known` (shas already indexed), with lines added and AI co-authors:
 * `git log --all --numstat`, one process, its output streamed (never held whole).
 */
export async function logCommits(repoPath: string, known: readonly string[]): Promise<CommitFact[]> {
  const commits: CommitFact[] = [];
  let current: CommitFact | null = null;
  const args = ['log', '--all', '--numstat', '--no-renames', FORMAT, ...(known.length ? ['--stdin'] : [])];
  const stdin = known.length ? `${known.map((sha) => `^${sha}`).join('\n')}\n` : null;
  await streamLines(repoPath, args, stdin, (line) => {
    if (line.startsWith(RS)) {
      const [sha = '', ct = '0', trailers = ''] = line.slice(1).split(US);
      current = { sha, at: Number(ct) * 1000, linesAdded: 0, models: modelsOf(trailers) };
      commits.push(current);
      return;
    }
    if (!current || !line) return;
    const added = Number(line.slice(0, line.indexOf('\t')));
    if (Number.isFinite(added)) current.linesAdded += added; // binary files show '-'
  });
  return commits;
}

/** Shas reachable from `revs` (e.g. `[tip, '^old']`); an empty set when they do not exist. */
export async function reachable(repoPath: string, revs: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  await streamLines(repoPath, ['rev-list', '--ignore-missing', ...revs], null, (line) => {
    if (line) out.add(line);
  }).catch(() => undefined); // no such ref yet (an empty repository)
  return out;
}

function modelsOf(trailers: string): string[] {
  if (!trailers) return [];
  const models: string[] = [];
  for (const value of trailers.split(GS)) {
    const who = parseCoAuthor(value);
    if (who && AI_ADDRESSES.has(who.address) && !models.includes(who.name)) models.push(who.name);
  }
  return models;
}

/** Runs git and hands over its output line by line. */
export function streamLines(
  cwd: string,
  args: string[],
  stdin: string | null,
  onLine: (line: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: [stdin === null ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let rest = '';
    let stderr = '';
    const { stdout, stderr: err } = child;
    if (!stdout || !err) return reject(new Error('git: no output pipes'));
    stdout.setEncoding('utf8');
    stdout.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
    err.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (rest) onLine(rest);
      if (code === 0) resolve();
      else
        reject(
          new Error(`git ${args[0]} failed (${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`),
        );
    });
    if (stdin !== null) child.stdin?.end(stdin);
  });
}
