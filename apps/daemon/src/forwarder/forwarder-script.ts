/**
 * The forwarder that runs beside a remote agent, dependency-free: `node -e FORWARDER_SCRIPT -- <agent argv>` runs the
 * agent as its child on the same terminal (exit code passed on, SIGTERM/SIGHUP forwarded, the files sent once more
 * when it ends); with no argv it only forwards. It reads
 * `AO_FORWARD` (JSON: `[{dir, pattern, mode}]`, the agent's forward rules), `AO_FORWARD_URL` (the daemon's
 * `/api/hooks/<session>/files`) and `AO_HOOK_SECRET`; rule i is read from `AO_FORWARD_<i>_DIR` when set (where this container sees it), else its
 * `dir`. Every `AO_FORWARD_INTERVAL_MS` (default 300) it looks at the
 * files in each rule's dir whose name matches, and sends what is new: appended bytes from the offset the daemon has
 * (told back in each answer, so a restart or a lost answer resends nothing twice), or a replaced file's whole content.
 * A daemon that cannot be reached is retried on the next tick (each distinct failure printed once). Before anything,
 * it copies the agent's state seeds (`AO_SEED_<i>_FROM` to `AO_SEED_<i>_TO`, i from 0) into place, 0600; a copy that fails ends it (1).
 */
export const FORWARDER_SCRIPT = `
const fs = require('node:fs');
const path = require('node:path');
// The agent's state seeds (read-only session files) copied to its writable state dir first: without them it stops.
for (let i = 0; process.env['AO_SEED_' + i + '_TO']; i++) {
  const c = { from: process.env['AO_SEED_' + i + '_FROM'] || '', to: process.env['AO_SEED_' + i + '_TO'] };
  try {
    fs.mkdirSync(path.dirname(c.to), { recursive: true, mode: 0o700 });
    fs.copyFileSync(c.from, c.to);
    fs.chmodSync(c.to, 0o600);
  } catch (err) {
    console.error('ao-forwarder: cannot seed ' + c.to + ': ' + err.message);
    process.exit(1);
  }
}
const rules = JSON.parse(process.env.AO_FORWARD || '[]').map((r, i) => ({
  ...r,
  re: new RegExp(r.pattern),
  from: process.env['AO_FORWARD_' + i + '_DIR'] || r.dir,
}));
const url = process.env.AO_FORWARD_URL;
const secret = process.env.AO_HOOK_SECRET || '';
const every = Number(process.env.AO_FORWARD_INTERVAL_MS || 300);
const CHUNK = 256 * 1024;
const sent = new Map();
// Each distinct failure is told once (it lands on the agent's terminal), then retried quietly on every tick.
const told = new Set();
function warn(msg) {
  if (told.has(msg) || told.size > 50) return;
  told.add(msg);
  console.error(msg);
}
async function post(body) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ao-hook-secret': secret },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15000),
  });
  if (!res.ok) throw new Error('daemon answered ' + res.status + ': ' + (await res.text()).slice(0, 200));
  return res.json();
}
function names(dir) {
  try { return fs.readdirSync(dir); } catch { return []; }
}
function readFrom(file, offset, max) {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(max);
    const n = fs.readSync(fd, buf, 0, max, offset);
    return buf.subarray(0, n);
  } finally { fs.closeSync(fd); }
}
async function append(file, to) {
  const size = fs.statSync(file).size;
  let offset = sent.get(file) ?? 0;
  while (offset < size) {
    let buf = readFrom(file, offset, Math.min(CHUNK, size - offset));
    // Whole lines only (the last newline in the chunk), so a UTF-8 character is never cut.
    const nl = buf.lastIndexOf(10);
    if (nl < 0) { if (buf.length < CHUNK) return; } else buf = buf.subarray(0, nl + 1);
    const ans = await post({ path: to, mode: 'append', offset, data: buf.toString('utf8') });
    offset = ans.size;
    sent.set(file, offset);
  }
}
async function replace(file, to) {
  const text = fs.readFileSync(file, 'utf8');
  if (sent.get(file) === text) return;
  await post({ path: to, mode: 'replace', offset: 0, data: text });
  sent.set(file, text);
}
let busy = false;
async function tick() {
  if (busy) return;
  busy = true;
  try {
    for (const r of rules) {
      for (const name of names(r.from)) {
        if (!r.re.test(name)) continue;
        const file = path.join(r.from, name);
        const to = path.join(r.dir, name);
        try { await (r.mode === 'append' ? append(file, to) : replace(file, to)); }
        catch (err) { warn('ao-forwarder: ' + file + ': ' + err.message); }
      }
    }
  } finally { busy = false; }
}
const timer = setInterval(tick, every);
tick();
const argv = process.argv.slice(1);
if (argv.length === 0) {
  process.on('SIGTERM', () => tick().finally(() => process.exit(0)));
} else {
  const child = require('node:child_process').spawn(argv[0], argv.slice(1), { stdio: 'inherit' });
  process.on('SIGINT', () => {}); // the terminal's ^C is the agent's
  for (const sig of ['SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('error', (err) => { console.error('ao-forwarder: ' + argv[0] + ': ' + err.message); process.exit(127); });
  child.on('exit', async (code, signal) => {
    clearInterval(timer);
    while (busy) await new Promise((r) => setTimeout(r, 20));
    await tick();
    process.exit(code ?? 128 + (require('node:os').constants.signals[signal] || 0));
  });
}
`;
