// Helper of bench/report.mjs: writes a git history of N commits into a repository with `git fast-import` (one process,
// a few seconds for 100,000): a main branch and many session branches, each commit adding 1–5 lines to a file, most
// of the session branches' commits carrying a model's Co-Authored-By trailer, over the last 7 days.
import { spawn } from 'node:child_process';

const MODELS = [
  'claude-sonnet-4-5 <noreply@anthropic.com>',
  'gpt-5-codex <noreply@openai.com>',
  'claude-opus-4-1 <noreply@anthropic.com>',
];

/** Streams the commits into `git fast-import` in `repo`; resolves with the number of branches written. */
export function writeHistory(repo, { commits, branches = 500, days = 7, now = Date.now(), base = null }) {
  const child = spawn('git', ['fast-import', '--quiet', '--done'], {
    cwd: repo,
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  const done = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(branches) : reject(new Error(`git fast-import exited ${code}`)),
    );
  });
  const out = child.stdin;
  let buf = '';
  const write = (s) => {
    buf += s;
    if (buf.length > 1 << 20) {
      out.write(buf);
      buf = '';
    }
  };
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const start = Math.floor((now - days * 86_400_000) / 1000);
  const step = Math.max(1, Math.floor((days * 86_400) / commits));
  const mainEvery = 10; // one commit in ten lands on main
  const tips = new Map(); // branch → mark
  let mainMark = 0;
  for (let i = 1; i <= commits; i++) {
    const onMain = i % mainEvery === 1 || i === 1;
    const branch = onMain ? 'main' : `ao/s-${i % branches}`;
    const from = onMain ? mainMark : (tips.get(branch) ?? mainMark);
    const ts = start + i * step;
    const lines = 1 + (i % 5);
    const trailer = !onMain && i % 4 !== 0 ? `\n\nCo-Authored-By: ${MODELS[i % MODELS.length]}\n` : '\n';
    const content = `${Array.from({ length: lines }, (_, k) => `line ${k} of commit ${i}`).join('\n')}\n`;
    write(`commit refs/heads/${branch}\nmark :${i}\ncommitter Bench <bench@test.invalid> ${ts} +0000\n`);
    write(data(`commit ${i}${trailer}`));
    if (from) write(`from :${from}\n`);
    else if (base) write(`from ${base}\n`);
    write(`M 100644 inline ${onMain ? 'main' : branch.replace('/', '-')}/f${i % 20}.txt\n${data(content)}`);
    if (onMain) mainMark = i;
    else tips.set(branch, i);
  }
  write('done\n');
  out.end(buf);
  return done;
}
