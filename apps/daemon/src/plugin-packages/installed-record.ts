import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** One community plugin ao installed and registered. */
export const recordSchema = z.object({
  package: z.string(),
  version: z.string(),
  slot: z.string(),
  name: z.string(),
  description: z.string(),
  addedAt: z.string(),
});
export type PluginRecord = z.infer<typeof recordSchema>;

const fileSchema = z.object({ plugins: z.array(recordSchema) });

/**
 * `<data dir>/plugins/`: an npm project of its own (package.json, node_modules) holding the installed community
 * plugins, and `registered.json`, the ones ao registered (loaded at every start).
 */
export class PluginsFolder {
  constructor(readonly dir: string) {}

  get recordFile(): string {
    return join(this.dir, 'registered.json');
  }

  /** Creates the folder and its package.json when missing. */
  ensure(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const pkg = join(this.dir, 'package.json');
    if (!existsSync(pkg)) {
      const body = {
        name: 'ao-plugins',
        private: true,
        description: "ao's community plugins",
        dependencies: {},
      };
      writeFileSync(pkg, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
    }
  }

  records(): PluginRecord[] {
    if (!existsSync(this.recordFile)) return [];
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(this.recordFile, 'utf8')));
    if (!parsed.success) throw new Error(`${this.recordFile} is damaged: ${parsed.error.message}`);
    return parsed.data.plugins;
  }

  /** Writes the records at once (a temp file renamed over the old one). */
  save(records: readonly PluginRecord[]): void {
    this.ensure();
    const tmp = `${this.recordFile}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ plugins: records }, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.recordFile);
  }

  /** The text of npm's package.json and lock, to put back after a failed add. */
  snapshot(): Record<string, string | null> {
    const read = (name: string) => {
      const path = join(this.dir, name);
      return existsSync(path) ? readFileSync(path, 'utf8') : null;
    };
    return { 'package.json': read('package.json'), 'package-lock.json': read('package-lock.json') };
  }

  restore(snapshot: Record<string, string | null>): void {
    for (const [name, text] of Object.entries(snapshot))
      if (text !== null) writeFileSync(join(this.dir, name), text, { mode: 0o600 });
  }

  /** The package.json of an installed package. */
  packageJson(name: string): Record<string, unknown> {
    return JSON.parse(readFileSync(join(this.packageDir(name), 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
  }

  packageDir(name: string): string {
    return join(this.dir, 'node_modules', ...name.split('/'));
  }
}
