import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookCommand, UnsafePathError, writeHookScript } from './hook-script';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  url: string;
}

function runNode(
  script: string,
  args: string[],
  stdin: string | null,
): Promise<{ code: number; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [script, ...args], { timeout: 20_000 }, (err) => {
      const code = err ? Number((err as NodeJS.ErrnoException).code ?? 1) : 0;
      resolve({ code, ms: Date.now() - t0 });
    });
    if (stdin !== null) child.stdin?.end(stdin);
  });
}

describe('hook script', () => {
  let dir: string;
  let received: Received[];
  let server: ReturnType<typeof createServer>;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ao-hook-'));
    received = [];
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          url: req.url ?? '',
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/hooks/s-1`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('posts stdin with the secret header, keeps the secret out of the command, and is private', async () => {
    const { path, command } = await writeHookScript({ dir, url, secret: 's3cr3t-value' });
    expect(command).toBe(`"${process.execPath}" "${path}"`);
    expect(command).not.toContain('s3cr3t');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const res = await runNode(path, [], '{"hook_event_name":"Stop"}');
    expect(res.code).toBe(0);
    expect(received).toHaveLength(1);
    expect(received[0]?.url).toBe('/api/hooks/s-1');
    expect(received[0]?.headers['x-ao-hook-secret']).toBe('s3cr3t-value');
    expect(JSON.parse(received[0]?.body ?? '')).toEqual({ hook_event_name: 'Stop' });
  });

  it('posts its first argument when given one (notify-style agents)', async () => {
    const { path } = await writeHookScript({ dir, url, secret: 'x', fileName: 'notify.cjs' });
    const before = received.length;
    await runNode(path, ['{"type":"agent-turn-complete"}'], null);
    expect(received.slice(before).map((r) => r.body)).toEqual(['{"type":"agent-turn-complete"}']);
  });

  it('exits 0 quickly when the daemon is down', async () => {
    const { path } = await writeHookScript({
      dir,
      url: 'http://127.0.0.1:9/api/hooks/x',
      secret: 'x',
      fileName: 'down.cjs',
    });
    const res = await runNode(path, [], '{}');
    expect(res.code).toBe(0);
    expect(res.ms).toBeLessThan(10_000);
  });

  it('refuses paths with quote or shell characters', () => {
    for (const bad of [
      '/tmp/a"b',
      "/tmp/a'b",
      '/tmp/$HOME',
      '/tmp/a`b`',
      '/tmp/a\\b',
      '/tmp/a\nb',
      'relative/x',
    ]) {
      expect(() => hookCommand(bad, '/usr/bin/node')).toThrow(UnsafePathError);
      expect(() => hookCommand('/tmp/ok.cjs', bad)).toThrow(UnsafePathError);
    }
    expect(hookCommand('/tmp/dir with space/h.cjs', '/usr/bin/node')).toBe(
      '"/usr/bin/node" "/tmp/dir with space/h.cjs"',
    );
  });
});
