import type { NextConfig } from 'next';
import { PHASE_DEVELOPMENT_SERVER } from 'next/constants';

/**
 * The dashboard is a static export served by the daemon on its own origin (`/` pages, `/api` the API).
 * In `next dev` only, `/api` is proxied to a running daemon (AO_DAEMON_URL, default http://127.0.0.1:3000).
 * AO_WEB_SKIP_TYPECHECK=1 skips Next's own type check of the build: `npm start` sets it, since it installs no test
 * tooling (the test files' imports would not resolve) and `npm test` type-checks every workspace with `tsc` anyway.
 */
export default function config(phase: string): NextConfig {
  const base: NextConfig = {
    reactStrictMode: true,
    transpilePackages: ['@ao/shared'],
    images: { unoptimized: true },
    typescript: { ignoreBuildErrors: process.env['AO_WEB_SKIP_TYPECHECK'] === '1' },
  };
  if (phase === PHASE_DEVELOPMENT_SERVER) {
    const daemon = process.env['AO_DAEMON_URL'] ?? 'http://127.0.0.1:3000';
    return {
      ...base,
      async rewrites() {
        return [{ source: '/api/:path*', destination: `${daemon}/api/:path*` }];
      },
    };
  }
  // `session/index.html` rather than `session.html`: any static server maps `/session/` to it.
  return { ...base, output: 'export', trailingSlash: true };
}
