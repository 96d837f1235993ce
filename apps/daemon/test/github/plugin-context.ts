import type { Logger, PluginContext } from '@ao/shared/plugin';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object | string;
  msg?: string;
}

/** A plugin context whose logger records lines (tests assert warnings) and whose exec must not be used. */
export function testPluginContext(): PluginContext & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (obj: object | string, msg?: string): void => {
      lines.push({ level, obj, msg });
    };
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return {
    dataDir: '/nonexistent-ao-data',
    logger,
    lines,
    exec: async (file) => {
      throw new Error(`the GitHub plugins must not run programs (tried ${file})`);
    },
  };
}
