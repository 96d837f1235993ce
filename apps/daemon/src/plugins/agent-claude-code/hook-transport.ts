import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where Claude Code reads settings that may restrict HTTP hooks (besides the file ao passes with --settings). */
export function restrictingSettingsFiles(configDir: string, cwd: string): string[] {
  return [
    '/etc/claude-code/managed-settings.json',
    join(configDir, 'settings.json'),
    join(cwd, '.claude', 'settings.json'),
    join(cwd, '.claude', 'settings.local.json'),
  ];
}

/** Claude's `allowedHttpHookUrls` patterns: `*` matches anything; a pattern is the whole URL. */
export function urlAllowed(url: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => {
    if (p === '*') return true;
    const re = new RegExp(`^${p.split('*').map(escapeRegExp).join('.*')}$`);
    return re.test(url);
  });
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether an `http` hook to `url` will be delivered: Claude Code (2.1.197 and 2.1.332 verified) POSTs the payload
 * to a loopback URL like ao's, unless a settings file sets `allowedHttpHookUrls` without a pattern matching it, or
 * allows managed hooks only. Then ao falls back to command hooks. Unreadable files say nothing.
 */
export async function httpHooksAllowed(url: string, files: readonly string[]): Promise<boolean> {
  for (const file of files) {
    const raw = await readFile(file, 'utf8').catch(() => null);
    if (raw === null) continue;
    let settings: unknown;
    try {
      settings = JSON.parse(raw);
    } catch {
      continue; // Claude itself reports a broken settings file
    }
    if (settings === null || typeof settings !== 'object') continue;
    const s = settings as Record<string, unknown>;
    if (s['allowManagedHooksOnly'] === true) return false;
    const allowed = s['allowedHttpHookUrls'];
    if (
      Array.isArray(allowed) &&
      !urlAllowed(
        url,
        allowed.filter((p): p is string => typeof p === 'string'),
      )
    ) {
      return false;
    }
  }
  return true;
}
