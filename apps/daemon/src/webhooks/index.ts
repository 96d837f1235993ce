export { type DeliveryLog, MemoryDeliveryLog, type ReceiveResult, receiveWebhook } from './delivery-log';
export { normalize, SUBSCRIBED_EVENTS, type WebhookFact, type WebhookFactKind } from './normalize';
export { generateWebhookSecret, resolveWebhookSecret } from './secret';
export { SqliteDeliveryLog } from './sqlite-delivery-log';
export {
  type VerifyInput,
  type VerifyResult,
  verifyAndParse,
  type WebhookDelivery,
  type WebhookHeaders,
  type WebhookRejection,
} from './verify-and-parse';
