import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';

/**
 * Recovery runs in an onReady hook, before the daemon listens; with hundreds of sessions on a loaded machine it took
 * longer than Fastify's default 10 s plugin timeout, and `ao up` exited instead of starting (bench/scale.mjs at 500).
 */
describe('a slow start', { timeout: 60_000 }, () => {
  let dataDir = '';
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('still starts when getting ready takes longer than 10 s', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ao-data-'));
    const app = await buildApp({
      dataDir,
      host: '127.0.0.1',
      port: 0,
      allowedHosts: [],
      allowedOrigins: [],
      webDir: null,
      version: 'test',
      env: {},
      logger: pino({ level: 'silent' }),
    });
    app.addHook('onReady', () => new Promise<void>((resolve) => setTimeout(resolve, 10_500)));
    try {
      await expect(app.ready()).resolves.toBeDefined();
    } finally {
      await app.close();
    }
  });
});
