import type { PluginModule, Terminal, TerminalHost, TerminalOpenRequest } from '@ao/shared/plugin';
import { z } from 'zod';
import { type MachineDeps, realMachine } from './find-program';
import { type SpawnFn, spawnDetached } from './spawn-detached';

/** Settings every window-opening terminal takes. */
export const guiConfigSchema = z
  .object({
    binary: z
      .string()
      .min(1)
      .optional()
      .describe('The program to run (a name on PATH or an absolute path); default: the plugin name'),
    args: z
      .array(z.string())
      .default([])
      .describe('Extra arguments given to the terminal before the command (e.g. a font or profile option)'),
  })
  .strict();
export type GuiConfig = z.output<typeof guiConfigSchema>;

export interface GuiTerminalSpec {
  name: string;
  description: string;
  /** The display the program needs: X11 only (`x11`), X11 or Wayland (`any`), or none on macOS (`any-or-mac`). */
  display: 'x11' | 'any' | 'any-or-mac';
  /** The arguments after the program (and `config.args`) that open a window titled `title` running `argv`. */
  args(title: string, argv: readonly string[]): string[];
}

export interface GuiDeps extends MachineDeps {
  spawn: SpawnFn;
}

const hasDisplay = (spec: GuiTerminalSpec, host: TerminalHost) => {
  if (spec.display === 'any-or-mac' && host.platform === 'darwin') return true;
  if (host.env.DISPLAY) return true;
  return spec.display !== 'x11' && Boolean(host.env.WAYLAND_DISPLAY);
};

const displayWords = { x11: 'DISPLAY set', any: 'DISPLAY or WAYLAND_DISPLAY set', 'any-or-mac': 'a display' };

/** The program and argv a GUI terminal runs to open `req` (exported for tests). */
export function guiCommand(spec: GuiTerminalSpec, config: GuiConfig, req: TerminalOpenRequest): string[] {
  checkArgv(req.argv);
  return [config.binary ?? spec.name, ...config.args, ...spec.args(req.title, req.argv)];
}

/** A command whose first word looks like an option would be read as the terminal's own option. */
export function checkArgv(argv: readonly string[]): void {
  if (!argv[0] || argv[0].startsWith('-')) throw new Error(`not a command to run: ${JSON.stringify(argv)}`);
}

export function createGuiTerminal(spec: GuiTerminalSpec, config: GuiConfig, deps: GuiDeps): Terminal {
  const program = config.binary ?? spec.name;
  return {
    requirement: `${program} on PATH with ${displayWords[spec.display]}`,
    async available(host) {
      return hasDisplay(spec, host) && deps.which(program, host.env) !== null;
    },
    async open(req) {
      const [file, ...args] = guiCommand(spec, config, req);
      await deps.spawn(deps.which(program, req.host.env) ?? (file as string), args, { env: req.host.env });
    },
  };
}

/** The plugin module of a window-opening terminal. */
export function guiTerminalPlugin(spec: GuiTerminalSpec) {
  return {
    manifest: { name: spec.name, slot: 'terminal', description: spec.description },
    configSchema: guiConfigSchema,
    create(config: GuiConfig): Terminal {
      return createGuiTerminal(spec, config, { ...realMachine, spawn: spawnDetached });
    },
  } satisfies PluginModule<'terminal', typeof guiConfigSchema>;
}
