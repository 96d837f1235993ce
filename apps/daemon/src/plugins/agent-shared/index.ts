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
export {
  type JsonlRead,
  type JsonlTailer,
  type JsonlTailerOptions,
  parseJsonObject,
  readJsonlFrom,
  tailJsonl,
} from './jsonl-tailer';
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
