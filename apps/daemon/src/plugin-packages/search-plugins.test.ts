import { describe, expect, it } from 'vitest';
import { entryOf } from './import-package';
import { searchPlugins } from './search-plugins';

/** A registry speaking npm's search and packument JSON, with or without the `keywords:` qualifier. */
function registry(opts: { qualifiers: boolean }) {
  const asked: string[] = [];
  const packages = [
    { name: 'ao-plugin-a', description: 'A', keywords: ['ao-plugin'], ao: { slot: 'agent', name: 'a' } },
    {
      name: '@acme/ao-b',
      description: 'B',
      keywords: ['ao-plugin', 'slack'],
      ao: { slot: 'notifier', name: 'b' },
    },
    { name: 'not-for-ao', description: 'mentions ao-plugin', keywords: ['other'] },
  ];
  const fetch = (async (input: string | URL) => {
    const url = new URL(String(input));
    asked.push(`${url.pathname} ${url.searchParams.get('text') ?? ''}`.trim());
    if (url.pathname === '/-/v1/search') {
      const text = url.searchParams.get('text') ?? '';
      if (text.includes('keywords:') && !opts.qualifiers) return Response.json({ objects: [] });
      const words = text.replace('keywords:', '').split(' ').filter(Boolean);
      const hits = packages.filter((p) => words.every((w) => JSON.stringify(p).includes(w)));
      return Response.json({ objects: hits.map(({ ao: _ao, ...p }) => ({ package: p })) });
    }
    const p = packages.find((x) => `/${x.name.replace('/', '%2f')}` === url.pathname);
    if (!p) return new Response('not found', { status: 404 });
    return Response.json({ 'dist-tags': { latest: '2.0.0' }, versions: { '2.0.0': { ao: p.ao } } });
  }) as typeof globalThis.fetch;
  return { fetch, asked };
}

describe('searchPlugins', () => {
  it('keeps only packages with the ao-plugin keyword, with slot and name from the latest package.json', async () => {
    const r = registry({ qualifiers: true });
    const found = await searchPlugins(r.fetch, 'http://reg.test', '', new Set(['ao-plugin-a']));
    expect(found).toEqual([
      {
        package: 'ao-plugin-a',
        version: '2.0.0',
        description: 'A',
        slot: 'agent',
        name: 'a',
        installed: true,
      },
      {
        package: '@acme/ao-b',
        version: '2.0.0',
        description: 'B',
        slot: 'notifier',
        name: 'b',
        installed: false,
      },
    ]);
    expect(r.asked).toContain('/-/v1/search keywords:ao-plugin');
  });

  it('asks again in plain text when the registry does not understand keywords: (Verdaccio)', async () => {
    const r = registry({ qualifiers: false });
    const found = await searchPlugins(r.fetch, 'http://reg.test/', 'slack', new Set());
    expect(found.map((p) => p.package)).toEqual(['@acme/ao-b']);
    expect(r.asked.slice(0, 2)).toEqual([
      '/-/v1/search keywords:ao-plugin slack',
      '/-/v1/search ao-plugin slack',
    ]);
  });

  it('an unreachable registry is a registry_unavailable error naming it', async () => {
    const fetch = (async () => {
      throw new Error('ECONNREFUSED');
    }) as typeof globalThis.fetch;
    await expect(searchPlugins(fetch, 'http://reg.test/', '', new Set())).rejects.toMatchObject({
      code: 'registry_unavailable',
      message: expect.stringContaining('http://reg.test/'),
    });
  });
});

describe('entryOf', () => {
  it.each([
    [{ exports: './index.js' }, './index.js'],
    [{ exports: { '.': { import: './esm.js', require: './cjs.cjs' } } }, './esm.js'],
    [{ exports: { import: './esm.js', default: './x.js' } }, './esm.js'],
    [{ exports: { '.': { node: { default: './n.js' } } } }, './n.js'],
    [{ main: 'lib/main.js' }, 'lib/main.js'],
    [{}, 'index.js'],
  ])('%j → %s', (pkg, entry) => {
    expect(entryOf(pkg)).toBe(entry);
  });
});
