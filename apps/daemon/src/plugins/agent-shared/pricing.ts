import { z } from 'zod';

/** Dollars per million tokens. Cache reads/writes default to 0.1x / 1.25x the input price (Anthropic's rates). */
export const modelPriceSchema = z.object({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cacheRead: z.number().nonnegative().optional(),
  cacheWrite: z.number().nonnegative().optional(),
});
export type ModelPrice = z.infer<typeof modelPriceSchema>;

/** Keys are model-name prefixes; the longest matching prefix wins. `default` is the fallback. */
export const pricingSchema = z.record(z.string(), modelPriceSchema);
export type PricingTable = z.infer<typeof pricingSchema>;

export const DEFAULT_CLAUDE_PRICING: PricingTable = {
  'claude-opus-4-5': { input: 5, output: 25 },
  'claude-opus-4-1': { input: 15, output: 75 },
  'claude-opus-4': { input: 15, output: 75 },
  'claude-sonnet-4': { input: 3, output: 15 },
  'claude-3-7-sonnet': { input: 3, output: 15 },
  'claude-haiku-4': { input: 1, output: 5 },
  'claude-3-5-haiku': { input: 0.8, output: 4 },
  'claude-3-haiku': { input: 0.25, output: 1.25 },
  default: { input: 3, output: 15 },
};

/** Token counts as agents report them. `input` excludes cache tokens. */
export interface TokenUsage {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

/** The price for a model: the user's table first, then the defaults, by longest prefix; then `default`. */
export function priceFor(
  model: string | null,
  overrides: PricingTable = {},
  defaults = DEFAULT_CLAUDE_PRICING,
) {
  const table = { ...defaults, ...overrides };
  const name = (model ?? '').toLowerCase();
  let best: ModelPrice | undefined;
  let bestLen = -1;
  for (const [prefix, price] of Object.entries(table)) {
    if (prefix === 'default') continue;
    if (name.startsWith(prefix.toLowerCase()) && prefix.length > bestLen) {
      best = price;
      bestLen = prefix.length;
    }
  }
  return best ?? table['default'] ?? { input: 0, output: 0 };
}

export function costUsd(usage: TokenUsage, price: ModelPrice): number {
  const perTok = 1 / 1_000_000;
  const cacheRead = price.cacheRead ?? price.input * 0.1;
  const cacheWrite = price.cacheWrite ?? price.input * 1.25;
  return (
    (usage.input * price.input +
      usage.output * price.output +
      (usage.cacheRead ?? 0) * cacheRead +
      (usage.cacheWrite ?? 0) * cacheWrite) *
    perTok
  );
}
