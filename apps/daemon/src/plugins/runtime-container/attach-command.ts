import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

function onPath(name: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * `ao attach` through the engine's own CLI, against the same socket (detach with Ctrl-P Ctrl-Q); null when neither
 * CLI is installed (then the web terminal is the way in).
 */
export function attachCommandFor(
  kind: 'podman' | 'docker' | null,
  socketPath: string,
  container: string,
): string[] | null {
  const order = kind === 'docker' ? ['docker', 'podman'] : ['podman', 'docker'];
  const cli = order.find(onPath);
  if (cli === 'podman') return ['podman', '--remote', '--url', `unix://${socketPath}`, 'attach', container];
  if (cli === 'docker') return ['docker', '-H', `unix://${socketPath}`, 'attach', container];
  return null;
}
