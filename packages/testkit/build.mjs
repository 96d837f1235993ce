// Bundles the testkit into dist/testkit.mjs for the benchmarks (plain node runs them; vitest and Playwright import
// src/ directly). npm packages stay external; @ao/* workspace sources are bundled.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/index.ts'],
  outfile: 'dist/testkit.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  plugins: [
    {
      name: 'externals',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@ao/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
