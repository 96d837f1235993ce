import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { KubeTarget } from './kube-client';
import { AGENT_CONTAINER } from './labels';

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

/** `ao attach` through `kubectl attach -it` (same kubeconfig and context); null without kubectl (use the web terminal). */
export function kubectlAttach(target: KubeTarget, namespace: string, pod: string): string[] | null {
  if (!onPath('kubectl')) return null;
  return [
    'kubectl',
    ...(target.kubeconfig === undefined ? [] : ['--kubeconfig', target.kubeconfig]),
    ...(target.context === undefined ? [] : ['--context', target.context]),
    '-n',
    namespace,
    'attach',
    '-it',
    pod,
    '-c',
    AGENT_CONTAINER,
  ];
}
