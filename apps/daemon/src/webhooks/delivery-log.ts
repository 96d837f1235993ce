import { normalize, type WebhookFact } from './normalize';
import { type VerifyInput, verifyAndParse, type WebhookRejection } from './verify-and-parse';

/**
 * The durable record of deliveries: a verified delivery's id and the fact it carries are stored together, once. A
 * second delivery with a known id is a duplicate. (SQLite in the daemon: `WebhookInbox`; memory in unit tests.)
 */
export interface DeliveryLog {
  /** Stores the delivery with its fact; false when its id was already recorded (nothing changed). */
  accept(id: string, event: string, fact: WebhookFact, at: string): boolean;
}

/** A DeliveryLog in memory, for tests. */
export class MemoryDeliveryLog implements DeliveryLog {
  readonly entries = new Map<string, { event: string; at: string; fact: WebhookFact }>();
  accept(id: string, event: string, fact: WebhookFact, at: string): boolean {
    if (this.entries.has(id)) return false;
    this.entries.set(id, { event, at, fact });
    return true;
  }
}

export type ReceiveResult =
  | { ok: true; status: 202; duplicate: false; fact: WebhookFact }
  | { ok: true; status: 200; duplicate: true; deliveryId: string }
  | WebhookRejection;

/**
 * Verifies, normalizes and records one delivery. Nothing is stored for a rejected one (a forged delivery cannot burn
 * a real id). A duplicate is answered 200 (so GitHub stops redelivering) and not processed again.
 */
export async function receiveWebhook(
  input: VerifyInput,
  log: DeliveryLog,
  now: () => Date = () => new Date(),
): Promise<ReceiveResult> {
  const verified = await verifyAndParse(input);
  if (!verified.ok) return verified;
  const { delivery } = verified;
  const fact = normalize(delivery);
  if (!log.accept(delivery.id, delivery.event, fact, now().toISOString())) {
    return { ok: true, status: 200, duplicate: true, deliveryId: delivery.id };
  }
  return { ok: true, status: 202, duplicate: false, fact };
}
