/**
 * The structure rules `npm test` checks (scripts/check-structure.sh): no import circle between the daemon's folders,
 * the layers kept (web and shared never import the daemon; plugins never import the daemon's HTTP or session parts),
 * and the GitHub loop depending on sessions only through their port. Type-only imports count.
 */
const daemon = '^apps/daemon/src/';
const core = 'app\\.ts|server\\.ts|http|routes|sessions|runtimes|reactions|github|tracker-sync|projects|cli';

module.exports = {
  forbidden: [
    {
      name: 'no-folder-circle',
      comment:
        'Folders of apps/daemon/src never import each other both ways: depend through a narrow interface.',
      severity: 'error',
      scope: 'folder',
      from: { path: daemon },
      to: { circular: true },
    },
    {
      name: 'web-imports-only-shared',
      comment: 'The dashboard talks to the daemon over HTTP/SSE/WebSocket and imports only @ao/shared.',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^apps/daemon/|^packages/(?!shared/)' },
    },
    {
      name: 'shared-imports-no-app',
      severity: 'error',
      from: { path: '^packages/shared/' },
      to: { path: '^apps/' },
    },
    {
      name: 'plugins-stay-plugins',
      comment:
        'Plugins see only @ao/shared, util/, config/ and other plugins: never the HTTP layer or the core.',
      severity: 'error',
      from: { path: `${daemon}plugins/` },
      to: { path: `${daemon}(${core})` },
    },
    {
      name: 'github-through-the-session-port',
      comment:
        'The GitHub loop and the reactions use sessions through sessions/port.ts (and its row/lifecycle types).',
      severity: 'error',
      from: { path: `${daemon}(github|reactions)/` },
      to: {
        path: `${daemon}sessions/`,
        pathNot: `${daemon}sessions/(port|session-row|session-store|lifecycle)\\.ts$`,
      },
    },
    {
      name: 'tracker-sync-through-the-session-port',
      comment:
        'The tracker sync uses sessions only through sessions/port.ts (and its lifecycle types), never the HTTP layer or routes.',
      severity: 'error',
      from: { path: `${daemon}tracker-sync/` },
      to: {
        path: `${daemon}(sessions/|http/|routes/|github/|reactions/|runtimes/|cli/)`,
        pathNot: `${daemon}sessions/(port|session-row|lifecycle)\\.ts$`,
      },
    },
    {
      name: 'sessions-below-their-users',
      comment: 'Sessions never import what uses them.',
      severity: 'error',
      from: { path: `${daemon}sessions/` },
      to: { path: `${daemon}(github|reactions|tracker-sync|runtimes|routes|http|cli|app\\.ts|server\\.ts)` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$|/test/|/e2e/|/dist/|/out/|/prebuilt/|/\\.next/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
