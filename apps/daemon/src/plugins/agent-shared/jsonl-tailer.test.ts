import {
  appendFileSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@ao/shared/plugin';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type JsonlTailer, parseJsonObject, readJsonlFrom, tailJsonl } from './jsonl-tailer';

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const noop = () => undefined;
  return { warnings, debug: noop, info: noop, error: noop, warn: (_o, msg) => warnings.push(String(msg)) };
}

describe('tailJsonl', () => {
  let dir: string;
  let file: string;
  let lines: string[];
  let tailer: JsonlTailer | null;
  const logger = recordingLogger();

  const start = (extra: { startOffset?: number } = {}) => {
    tailer = tailJsonl({ path: file, logger, onLine: (l) => lines.push(l), ...extra });
    return tailer;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ao-tail-'));
    file = join(dir, 'x.jsonl');
    lines = [];
    tailer = null;
  });
  afterEach(() => {
    tailer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('while watched, tailers share one poll timer, which still reads an append the watch missed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const others: JsonlTailer[] = [];
    try {
      writeFileSync(file, '{"a":1}\n');
      const t = start();
      await t.check();
      for (let i = 0; i < 50; i++) {
        writeFileSync(join(dir, `o${i}.jsonl`), '');
        others.push(tailJsonl({ path: join(dir, `o${i}.jsonl`), logger, onLine: () => undefined }));
      }
      expect(vi.getTimerCount()).toBe(1); // 51 watched tailers, one sweep
      // A watch that stopped delivering (an event missed): the sweep still reads the append.
      (t as unknown as { watcher: { close(): void } }).watcher.close();
      appendFileSync(file, '{"a":2}\n');
      await vi.advanceTimersByTimeAsync(10_000);
      expect(lines).toEqual(['{"a":1}', '{"a":2}']);
      for (const o of others) o.close();
      t.close();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      for (const o of others) o.close();
      vi.useRealTimers();
    }
  });

  it('reads complete lines incrementally and never re-reads from the start', async () => {
    writeFileSync(file, '{"a":1}\n{"a":2}\n');
    const t = start();
    await t.check();
    expect(lines).toEqual(['{"a":1}', '{"a":2}']);
    appendFileSync(file, '{"a":3}\n');
    await t.check();
    await t.check();
    expect(lines).toEqual(['{"a":1}', '{"a":2}', '{"a":3}']);
    expect(t.offset).toBe(24);
  });

  it('holds a torn last line until its newline arrives (also split inside a multibyte character)', async () => {
    const full = Buffer.from('{"t":"héllo"}\n');
    const cut = full.indexOf(0xc3) + 1; // in the middle of é
    writeFileSync(file, full.subarray(0, cut));
    const t = start();
    await t.check();
    expect(lines).toEqual([]);
    expect(t.offset).toBe(0);
    appendFileSync(file, full.subarray(cut));
    await t.check();
    expect(lines).toEqual(['{"t":"héllo"}']);
    expect(t.offset).toBe(full.length);
  });

  it('picks up a file created after it started, and follows it with fs.watch without an explicit check', async () => {
    start();
    writeFileSync(file, '{"late":true}\n');
    await expect.poll(() => lines, { timeout: 5000 }).toEqual(['{"late":true}']);
  });

  it('reopens a rotated file (new inode) from its start', async () => {
    writeFileSync(file, '{"old":1}\n{"old":2}\n');
    const t = start();
    await t.check();
    const next = join(dir, 'next.jsonl');
    writeFileSync(next, '{"new":1}\n{"new":2}\n{"new":3}\n');
    renameSync(next, file);
    await t.check();
    expect(lines).toEqual(['{"old":1}', '{"old":2}', '{"new":1}', '{"new":2}', '{"new":3}']);
  });

  it('starts over after truncation, and after deletion and re-creation', async () => {
    writeFileSync(file, '{"n":1}\n{"n":2}\n');
    const t = start();
    await t.check();
    truncateSync(file, 0);
    appendFileSync(file, '{"n":3}\n');
    await t.check();
    rmSync(file);
    await t.check();
    writeFileSync(file, '{"n":4}\n');
    await t.check();
    expect(lines).toEqual(['{"n":1}', '{"n":2}', '{"n":3}', '{"n":4}']);
  });

  it('resumes at startOffset and skips blank lines; a throwing handler is logged, not thrown', async () => {
    writeFileSync(file, '{"skip":1}\n\n{"keep":1}\n');
    let calls = 0;
    tailer = tailJsonl({
      path: file,
      logger,
      startOffset: 11,
      onLine: (l) => {
        calls += 1;
        lines.push(l);
        throw new Error('boom');
      },
    });
    await tailer.check();
    expect(lines).toEqual(['{"keep":1}']);
    expect(calls).toBe(1);
    expect(logger.warnings.some((w) => w.includes('onLine handler threw'))).toBe(true);
  });
});

describe('tailJsonl going on from a saved offset', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ao-tail-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const noop = () => undefined;
  const logger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

  it('goes on at the saved offset of the same file; a replaced file is read from the start, with onReset', async () => {
    const file = join(dir, 't.jsonl');
    writeFileSync(file, '{"n":1}\n{"n":2}\n');
    const { ino } = statSync(file);
    const same: string[] = [];
    const a = tailJsonl({ path: file, logger, startOffset: 8, startIno: ino, onLine: (l) => same.push(l) });
    await a.check();
    a.close();
    expect(same).toEqual(['{"n":2}']);
    expect(a.ino).toBe(ino);

    const next = join(dir, 'next.jsonl');
    writeFileSync(next, '{"m":1}\n{"m":2}\n{"m":3}\n');
    renameSync(next, file);
    const fresh: string[] = [];
    let resets = 0;
    const b = tailJsonl({
      path: file,
      logger,
      startOffset: 8,
      startIno: ino,
      onLine: (l) => fresh.push(l),
      onReset: () => {
        resets += 1;
      },
    });
    await b.check();
    b.close();
    expect(fresh).toEqual(['{"m":1}', '{"m":2}', '{"m":3}']);
    expect(resets).toBe(1);
  });
});

describe('readJsonlFrom', () => {
  it('reads complete lines from an offset, leaves a torn line, starts over for another file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ao-read-'));
    try {
      const file = join(dir, 't.jsonl');
      expect(readJsonlFrom(file, 0)).toBeNull();
      writeFileSync(file, '{"n":1}\n\n{"n":2}\n{"n":3');
      const { ino } = statSync(file);
      expect(readJsonlFrom(file, 8, ino)).toEqual({ lines: ['{"n":2}'], end: 17, ino, restarted: false });
      expect(readJsonlFrom(file, 0)?.lines).toEqual(['{"n":1}', '{"n":2}']);
      expect(readJsonlFrom(file, 500, ino)).toMatchObject({ restarted: true, end: 17 });
      expect(readJsonlFrom(file, 8, ino + 1)).toMatchObject({
        restarted: true,
        lines: ['{"n":1}', '{"n":2}'],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseJsonObject', () => {
  it('returns objects only', () => {
    expect(parseJsonObject('{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonObject('[1]')).toBeNull();
    expect(parseJsonObject('{"a":')).toBeNull();
    expect(parseJsonObject('null')).toBeNull();
  });
});
