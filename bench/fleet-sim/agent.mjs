// The scripted agent of bench/fleet-sim.mjs, run by ao's generic agent (prompt typed) in the session's worktree.
// argv: <plan.json> <log.jsonl>. Reads keystrokes like an agent TUI (bracketed paste; Enter submits). The first
// message names its issue ("fleet-sim issue #N"); it then edits the plan's file, commits and pushes. Later messages:
// a CI failure -> a fix commit and push; a rebase request -> fetch, rebase onto origin/main (conflicts resolved by
// keeping both sides' lines), push. Every push and every turn is appended to the log as one JSON line.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const [plansFile, logFile] = process.argv.slice(2);
const START = '\x1b[200~';
const END = '\x1b[201~';
let raw = '';
let issue = null;
let stuckLeft = 0;
let fixes = 0;
const queue = [];
let busy = false;

const git = (args) =>
  execFileSync(
    'git',
    [
      '-c',
      'commit.gpgsign=false',
      '-c',
      'user.name=fleet agent',
      '-c',
      'user.email=agent@fleet.invalid',
      ...args,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
const log = (entry) =>
  appendFileSync(logFile, `${JSON.stringify({ at: Date.now(), issue: issue?.n, ...entry })}\n`);

function push(kind, marker, force = false) {
  const branch = git(['rev-parse', '--abbrev-ref', 'HEAD']);
  git(['push', '-q', ...(force ? ['--force-with-lease'] : []), 'origin', `HEAD:refs/heads/${branch}`]);
  log({ kind: 'push', why: kind, sha: git(['rev-parse', 'HEAD']), marker, branch });
}

function write(file, lines) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${lines.join('\n')}\n`);
}

function work() {
  const marker = `issue-${issue.n}`;
  if (issue.shared) {
    // A pair edits the same line of a shared file: each replaces line 1 with its own marker.
    let lines = ['base line'];
    try {
      lines = readFileSync(issue.file, 'utf8').split('\n').filter(Boolean);
    } catch {}
    lines[0] = `${marker} ${lines[0] ?? ''}`.trim();
    write(issue.file, lines);
  } else write(issue.file, [marker]);
  git(['add', '-A', '--', issue.file]);
  git(['commit', '-q', '-m', `Fix #${issue.n}`]);
  push('work', marker);
}

function fix() {
  fixes += 1;
  const marker = `fix-${issue.n}-${fixes}`;
  const file = `fixes/issue-${issue.n}.txt`;
  let lines = [];
  try {
    lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {}
  write(file, [...lines, marker]);
  git(['add', '--', file]);
  git(['commit', '-q', '-m', `Fix CI of #${issue.n}`]);
  push('fix', marker);
}

/** Keeps both sides of every conflict hunk (ours = upstream first, then the agent's lines). */
function resolve(file) {
  const text = readFileSync(file, 'utf8');
  const out = [];
  for (const line of text.split('\n')) if (!/^(<<<<<<<|=======|>>>>>>>)/.test(line)) out.push(line);
  writeFileSync(file, `${out.filter(Boolean).join('\n')}\n`);
  git(['add', '--', file]);
}

/** Fetches origin; agents share the repository's refs, so a concurrent fetch may hold the lock: tried again. */
function fetchOrigin() {
  for (let i = 0; ; i++) {
    try {
      return git(['fetch', '-q', 'origin']);
    } catch (err) {
      if (i >= 10) throw err;
      execFileSync('sleep', ['0.5']);
    }
  }
}

function rebase() {
  fetchOrigin();
  try {
    git(['rebase', 'origin/main']);
  } catch {
    for (let i = 0; i < 20; i++) {
      const files = git(['diff', '--name-only', '--diff-filter=U']).split('\n').filter(Boolean);
      for (const f of files) resolve(f);
      try {
        git(['-c', 'core.editor=true', 'rebase', '--continue']);
        break;
      } catch {}
    }
  }
  push('rebase', null, true);
}

function handle(msg) {
  if (!issue) {
    const m = /fleet-sim issue #(\d+)/.exec(msg);
    if (!m) return log({ kind: 'turn', what: 'ignored', msg: msg.slice(0, 200) });
    const plans = JSON.parse(readFileSync(plansFile, 'utf8'));
    issue = plans[m[1]];
    stuckLeft = issue.stuck ? 1 : 0;
    log({ kind: 'turn', what: 'prompt' });
    if (stuckLeft) return log({ kind: 'turn', what: 'stuck' });
    return work();
  }
  const lower = msg.toLowerCase();
  const head = git(['rev-parse', 'HEAD']);
  if (stuckLeft) {
    stuckLeft = 0;
    log({ kind: 'turn', what: 'unstuck', msg: msg.slice(0, 200) });
    return work();
  }
  if (lower.includes('rebase')) {
    log({ kind: 'turn', what: 'rebase', head, msg: msg.slice(0, 200) });
    return rebase();
  }
  if (/\bci\b|check|fail/.test(lower)) {
    log({ kind: 'turn', what: 'ci', head, msg: msg.slice(0, 300) });
    return fix();
  }
  log({ kind: 'turn', what: 'other', head, msg: msg.slice(0, 200) });
}

function drain() {
  if (busy) return;
  busy = true;
  while (queue.length) {
    const msg = queue.shift();
    try {
      handle(msg);
    } catch (err) {
      log({ kind: 'error', msg: String(err.stderr ?? err.message).slice(0, 500) });
    }
  }
  busy = false;
}

function nextMessage() {
  let inPaste = false;
  let msg = '';
  for (let i = 0; i < raw.length; i++) {
    if (raw.startsWith(START, i)) {
      inPaste = true;
      i += START.length - 1;
    } else if (raw.startsWith(END, i)) {
      inPaste = false;
      i += END.length - 1;
    } else if ((raw[i] === '\r' || raw[i] === '\n') && !inPaste) {
      raw = raw.slice(i + 1);
      return msg;
    } else msg += raw[i];
  }
  return null;
}

process.stdin.setRawMode(true);
process.stdin.setEncoding('utf8');
process.stdout.write('\x1b[?2004h> ready\r\n');
process.stdin.on('data', (data) => {
  if (data.includes('\x03')) process.exit(0);
  raw += data;
  for (let msg = nextMessage(); msg !== null; msg = nextMessage()) {
    process.stdout.write(`working on: ${msg.slice(0, 60)}\r\n`);
    if (msg.trim()) queue.push(msg);
  }
  drain();
  process.stdout.write('> \r\n');
});
