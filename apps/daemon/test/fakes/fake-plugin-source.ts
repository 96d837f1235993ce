import type { PluginSource } from '../../src/plugin-packages/npm-cli';

/**
 * An offline source of community plugins for the fast layer: its registry has no packages (an install fails as npm's
 * 404 does, a search finds nothing), and nothing reaches the network, whatever registry a request names.
 */
export function emptyPluginSource(): PluginSource {
  return {
    npm: {
      async install(_prefix, spec) {
        throw new Error(`npm error 404 Not Found - '${spec}' is not in this registry`);
      },
      async sync() {},
      async uninstall() {},
      async configuredRegistry() {
        return 'http://registry.invalid/';
      },
    },
    fetch: async (input) => {
      const url = new URL(String(input instanceof Request ? input.url : input));
      if (url.pathname.endsWith('/-/v1/search')) return Response.json({ objects: [], total: 0 });
      return Response.json({ error: 'not found' }, { status: 404 });
    },
  };
}
