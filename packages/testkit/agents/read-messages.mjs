// Test program: reads keystrokes in raw mode with bracketed paste enabled, like an agent TUI. Every message submitted
// with Enter (a CR or LF outside a paste: strict on purpose) is appended as one JSON line to the file given as
// argv[2]. Newlines inside a paste stay part of the message. Ctrl-C exits.
import { appendFileSync } from 'node:fs';

const out = process.argv[2];
const START = '\x1b[200~';
const END = '\x1b[201~';
let raw = '';

process.stdin.setRawMode(true);
process.stdin.setEncoding('utf8');
process.stdout.write('\x1b[?2004h');
process.stdout.write('READY\r\n');

function nextMessage() {
  let inPaste = false;
  let msg = '';
  let i = 0;
  while (i < raw.length) {
    if (raw.startsWith(START, i)) {
      inPaste = true;
      i += START.length;
    } else if (raw.startsWith(END, i)) {
      inPaste = false;
      i += END.length;
    } else if ((raw[i] === '\r' || raw[i] === '\n') && !inPaste) {
      raw = raw.slice(i + 1);
      return msg;
    } else {
      msg += raw[i];
      i += 1;
    }
  }
  return null;
}

process.stdin.on('data', (data) => {
  if (data.includes('\x03')) process.exit(0);
  raw += data;
  for (let msg = nextMessage(); msg !== null; msg = nextMessage()) {
    appendFileSync(out, `${JSON.stringify(msg)}\n`);
    process.stdout.write(`GOT ${[...msg].length}\r\n`);
  }
});
