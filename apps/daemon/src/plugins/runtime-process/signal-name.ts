import { constants } from 'node:os';

const NAMES = new Map<number, string>(
  Object.entries(constants.signals).map(([name, number]) => [number, name] as const),
);

/**
 * A signal as its name (`SIGKILL`), from a number (node-pty, tmux on Linux) or from a BSD-style name without prefix
 * (`kill`, tmux on macOS). Null for no signal (0, empty) and for anything unrecognised.
 */
export function signalName(signal: number | string | null | undefined): string | null {
  if (signal === null || signal === undefined || signal === '' || signal === 0) return null;
  if (typeof signal === 'number' || /^[0-9]+$/.test(signal)) return NAMES.get(Number(signal)) ?? null;
  const name = `SIG${signal.toUpperCase().replace(/^SIG/, '')}`;
  return name in constants.signals ? name : null;
}
