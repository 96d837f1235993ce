import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginModule } from '@ao/shared/plugin';
import { asPluginModule } from '../plugins/check-plugin-module';

type Exports = string | { [key: string]: Exports } | null | undefined;

/** The ES import target of a package's main entry: `exports` (import/node/default conditions), else `main`. */
export function entryOf(pkg: Record<string, unknown>): string {
  const pick = (e: Exports): string | null => {
    if (typeof e === 'string') return e;
    if (!e || typeof e !== 'object') return null;
    if ('.' in e) return pick(e['.']);
    for (const condition of ['import', 'node', 'default']) {
      const found = pick(e[condition]);
      if (found) return found;
    }
    return null;
  };
  return pick(pkg.exports as Exports) ?? (typeof pkg.main === 'string' ? pkg.main : 'index.js');
}

let generation = 0;

/**
 * Imports an installed package's entry and checks it is an ao plugin module. Each import gets a fresh URL, so a
 * package updated in place is loaded anew (Node caches modules by URL).
 */
export async function importPluginPackage(
  dir: string,
  pkg: Record<string, unknown>,
  name: string,
): Promise<PluginModule> {
  const url = pathToFileURL(join(dir, entryOf(pkg)));
  url.searchParams.set('ao', `${String(pkg.version)}-${++generation}`);
  return asPluginModule(await import(url.href), name);
}
