// Reads the test output (vitest and Playwright) from stdin and prints one closing line: "tests: N passed, N failed".
import { readFileSync } from 'node:fs';

const text = readFileSync(0, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
let passed = 0;
let failed = 0;
for (const line of text.split('\n')) {
  const vitest = /\bTests\s+(?:(\d+) failed \| )?(\d+) passed/.exec(line);
  const playwright = /^\s*(\d+) (passed|failed)(?: \(|$)/.exec(line);
  if (vitest) {
    failed += Number(vitest[1] ?? 0);
    passed += Number(vitest[2]);
  } else if (playwright) {
    if (playwright[2] === 'passed') passed += Number(playwright[1]);
    else failed += Number(playwright[1]);
  }
}
console.log(`tests: ${passed} passed, ${failed} failed`);
