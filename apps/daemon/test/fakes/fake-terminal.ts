import type { PluginModule, Terminal, TerminalHost, TerminalOpenRequest } from '@ao/shared/plugin';
import { z } from 'zod';

const configSchema = z.object({}).strict();

/** A terminal application that records what it was asked to open (nothing launches); `present` says whether it is
 *  found on this machine. */
export class FakeTerminal implements Terminal {
  readonly requirement = 'the fake terminal';
  readonly opened: TerminalOpenRequest[] = [];
  present = true;
  failWith: Error | null = null;

  async available(_host: TerminalHost): Promise<boolean> {
    return this.present;
  }

  async open(req: TerminalOpenRequest): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.opened.push(req);
  }
}

export function fakeTerminalModule(terminal: FakeTerminal): PluginModule<'terminal', typeof configSchema> {
  return {
    manifest: { name: 'fake', slot: 'terminal', description: 'Records the sessions it is asked to open' },
    configSchema,
    create: () => terminal,
  };
}
