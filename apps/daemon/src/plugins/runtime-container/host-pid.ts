import { readFile } from 'node:fs/promises';

/** What `host-pid` reads from the engine's inspect of a container. */
export interface InspectedPid {
  Id: string;
  State?: { Pid?: number; Running?: boolean };
}

/**
 * The container's main process as a pid on the daemon's own host (`State.Pid` of the engine's inspect), so probes
 * that read `/proc/<pid>` (Codex's process start time) work for containers. Null when the container is not running,
 * the pid is 0, or that pid here is not the container's process: the engine is on another host or in a VM (Docker
 * Desktop, podman machine), or the daemon has a pid namespace of its own. The check: the process's cgroup path names
 * the container's id (Docker and Podman both put it there, cgroup v1 and v2).
 */
export async function hostPid(info: InspectedPid, proc = '/proc'): Promise<number | null> {
  const pid = info.State?.Pid ?? 0;
  if (!info.State?.Running || !Number.isInteger(pid) || pid <= 0) return null;
  const cgroup = await readFile(`${proc}/${pid}/cgroup`, 'utf8').catch(() => null);
  return cgroup?.includes(info.Id) ? pid : null;
}
