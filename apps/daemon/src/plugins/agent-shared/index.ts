export { agentSettings } from './agent-settings';
export { writeFileAtomic } from './atomic-write';
export {
  assertShellSafePath,
  type HookScriptOptions,
  hookCommand,
  hookScriptSource,
  UnsafePathError,
  writeHookScript,
} from './hook-script';
export { type JsonlTailer, type JsonlTailerOptions, parseJsonObject, tailJsonl } from './jsonl-tailer';
export {
  costUsd,
  DEFAULT_CLAUDE_PRICING,
  type ModelPrice,
  modelPriceSchema,
  type PricingTable,
  priceFor,
  pricingSchema,
  type TokenUsage,
} from './pricing';
