import type { AgentDiagnosis } from '@ao/shared/plugin';

/**
 * Why Codex ended by itself at start, from its last lines (verified on 0.169.0 and 0.171.0). Codex does not exit when
 * its provider key is missing or the model API is unreachable: it stays at its prompt (a failed turn in the rollout:
 * `blocked`) or retries forever ("Reconnecting... waiting for network" on screen: `blocked`).
 */
export function diagnoseCodexExit(exit: {
  exitCode: number | null;
  lastLines: readonly string[];
}): AgentDiagnosis | null {
  const lines = exit.lastLines.map((l) => l.trim());
  const text = lines.join('\n');
  const provider = /Error loading configuration: (.+)/.exec(text);
  if (provider?.[1]) {
    return {
      detail: `Codex cannot load its configuration: ${provider[1].trim()}`,
      fix: 'correct config.toml in CODEX_HOME (or agents.codex.model / args in ao.config.yaml)',
    };
  }
  const at = lines.findIndex((l) => /^Error: loading config\.toml/.test(l));
  if (at !== -1) {
    const where = lines[at + 1] ?? '';
    return {
      detail: `Codex cannot parse its config.toml${where ? `: ${where}` : ''}`,
      fix: 'correct the TOML at that line',
    };
  }
  return null;
}
