import { describe, expect, it } from 'vitest';
import { addPluginBodySchema, parsePackageSpec } from './api-plugins';

describe('parsePackageSpec', () => {
  it.each([
    ['ao-plugin-foo', { name: 'ao-plugin-foo', version: null }],
    ['@acme/ao-agent', { name: '@acme/ao-agent', version: null }],
    ['@acme/ao-agent@1.2.3', { name: '@acme/ao-agent', version: '1.2.3' }],
    ['foo@^1.2.0', { name: 'foo', version: '^1.2.0' }],
    ['foo@~1.2', { name: 'foo', version: '~1.2' }],
    ['foo@>=2.0.0-beta.1', { name: 'foo', version: '>=2.0.0-beta.1' }],
    ['foo@1.x', { name: 'foo', version: '1.x' }],
    ['foo@next', { name: 'foo', version: 'next' }],
    ['foo.bar_baz~1', { name: 'foo.bar_baz~1', version: null }],
  ])('accepts %s', (spec, expected) => {
    expect(parsePackageSpec(spec)).toEqual(expected);
  });

  it.each([
    '',
    'Foo', // npm names are lower case
    '-g', // an option
    '--registry=http://evil',
    '.hidden',
    '_private',
    '../evil',
    './local-folder',
    '/abs/path',
    'foo/bar', // not a scope
    '@scope', // a scope alone
    '@/name',
    'foo@file:../x',
    'foo@npm:bar@1',
    'foo@git+ssh://git@github.com/a/b.git',
    'git+ssh://git@github.com/a/b.git',
    'https://example.com/foo.tgz',
    'foo@1.0.0 || rm',
    'foo@',
    'foo bar',
    'foo@1.0.0@2',
    `a${'b'.repeat(214)}`,
  ])('refuses %j', (spec) => {
    expect(parsePackageSpec(spec)).toBeNull();
  });

  it('names the field in the body schema', () => {
    const parsed = addPluginBodySchema.safeParse({ package: '../evil' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['package']);
    expect(addPluginBodySchema.safeParse({ package: 'foo', registry: 'file:///etc' }).success).toBe(false);
    expect(
      addPluginBodySchema.safeParse({ package: 'foo', registry: 'http://127.0.0.1:4873/' }).success,
    ).toBe(true);
    expect(addPluginBodySchema.safeParse({ package: 'foo', extra: 1 }).success).toBe(false);
  });
});
