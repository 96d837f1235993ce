import { normalize, type WebhookFact } from './normalize';
import { type VerifyInput, verifyAndParse, type WebhookRejection } from './verify-and-parse';

/** Remembers processed `X-GitHub-Delivery` ids so each delivery is handled once (the lead backs it with SQLite). */
export interface DeliveryLog {
  seen(id: string): boolean;
  record(id: string, event: string, at: string): void;
}

/** A DeliveryLog in memory, for tests and for running without a database. */
export class MemoryDeliveryLog implements DeliveryLog {
  readonly entries = new Map<string, { event: string; at: string }>();
  seen(id: string): boolean {
    return this.entries.has(id);
  }
  record(id: string, event: string, at: string): void {
    if (!this.entries.has(id)) this.entries.set(id, { event, at });
  }
}

export type ReceiveResult =
  | { ok: true; status: 202; duplicate: false; fact: WebhookFact }
  | { ok: true; status: 200; duplicate: true; deliveryId: string }
  | WebhookRejection;

/**
 * Verifies, deduplicates and normalizes one delivery. A duplicate is answered 200 (so GitHub stops redelivering) and
 * not processed again. Call the synchronous part (seen/record) inside the transaction that stores what follows.
 */
export async function receiveWebhook(
  input: VerifyInput,
  log: DeliveryLog,
  now: () => Date = () => new Date(),
): Promise<ReceiveResult> {
  const verified = await verifyAndParse(input);
  if (!verified.ok) return verified;
  const { delivery } = verified;
  if (log.seen(delivery.id)) return { ok: true, status: 200, duplicate: true, deliveryId: delivery.id };
  log.record(delivery.id, delivery.event, now().toISOString());
  return { ok: true, status: 202, duplicate: false, fact: normalize(delivery) };
}
