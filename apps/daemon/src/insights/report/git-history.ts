import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { exec } from '../../util/exec';
import { AI_ADDRESSES, parseCoAuthor } from '../attribution/model-trailer';

/** One commit as the report needs it. */
export interface CommitFact {
  sha: string;
  /** Committer time (epoch ms). */
  at: number;
  linesAdded: number;
  /** Names in `Co-Authored-By` trailers with an AI address (the models). */
  models: string[];
  /** Reachable from the default branch. */
  onMain: boolean;
}

const RS = '\x1e';
const US = '\x1f';
const GS = '\x1d';
const FORMAT = `--format=${RS}%H${US}%ct${US}%(trailers:key=Co-authored-by,valueonly,separator=%x1d)${US}`;

/**
 * Commits on every branch of a repository (`git log --all --numstat`, one process, streamed), cached by the tips of
 * its refs: while no ref moves, a report costs one `git for-each-ref`.
 */
export class GitHistory {
  private readonly cache = new Map<string, { key: string; commits: CommitFact[] }>();

  async commits(repoPath: string, mainRef: string): Promise<CommitFact[]> {
    const refs = await exec('git', ['for-each-ref', '--format=%(objectname) %(refname)'], { cwd: repoPath });
    const key = createHash('sha1').update(mainRef).update(refs.stdout).digest('hex');
    const hit = this.cache.get(repoPath);
    if (hit?.key === key) return hit.commits;
    const [commits, main] = await Promise.all([logAll(repoPath), mainShas(repoPath, mainRef)]);
    for (const c of commits) c.onMain = main.has(c.sha);
    this.cache.set(repoPath, { key, commits });
    return commits;
  }
}

async function mainShas(repoPath: string, mainRef: string): Promise<Set<string>> {
  const out = new Set<string>();
  const ok = await exec('git', ['rev-parse', '--verify', '--quiet', `${mainRef}^{commit}`], { cwd: repoPath })
    .then(() => true)
    .catch(() => false);
  if (!ok) return out;
  await streamLines(repoPath, ['rev-list', mainRef], (line) => {
    if (line) out.add(line);
  });
  return out;
}

function logAll(repoPath: string): Promise<CommitFact[]> {
  const commits: CommitFact[] = [];
  let current: CommitFact | null = null;
  return streamLines(repoPath, ['log', '--all', '--numstat', '--no-renames', FORMAT], (line) => {
    if (line.startsWith(RS)) {
      const [sha = '', ct = '0', trailers = ''] = line.slice(1).split(US);
      current = { sha, at: Number(ct) * 1000, linesAdded: 0, models: modelsOf(trailers), onMain: false };
      commits.push(current);
      return;
    }
    if (!current || !line) return;
    const tab = line.indexOf('\t');
    const added = Number(line.slice(0, tab));
    if (Number.isFinite(added)) current.linesAdded += added; // binary files show '-'
  }).then(() => commits);
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

/** Runs git and hands over its output line by line (never held whole: a big history is hundreds of MB). */
function streamLines(cwd: string, args: string[], onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let rest = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (rest) onLine(rest);
      if (code === 0) resolve();
      else reject(new Error(`git ${args[0]} failed (${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`));
    });
  });
}
