/**
 * The environment that points an agent's git at ao's hooks without writing any config: git reads
 * `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_<n>`/`GIT_CONFIG_VALUE_<n>` as command-line config. Entries the agent's
 * environment already has (from the daemon's own environment or the agent plugin) are kept: ours is appended.
 */
export function hooksEnv(
  base: Record<string, string | undefined>,
  hooksDir: string,
  model: { file: string; fallback: string },
): Record<string, string> {
  const raw = base.GIT_CONFIG_COUNT;
  const n = raw !== undefined && /^\d{1,4}$/.test(raw) ? Number(raw) : 0;
  return {
    GIT_CONFIG_COUNT: String(n + 1),
    [`GIT_CONFIG_KEY_${n}`]: 'core.hooksPath',
    [`GIT_CONFIG_VALUE_${n}`]: hooksDir,
    AO_MODEL_FILE: model.file,
    AO_MODEL: model.fallback,
  };
}
