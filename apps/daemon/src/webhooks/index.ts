export { type DeliveryLog, MemoryDeliveryLog, type ReceiveResult, receiveWebhook } from './delivery-log';
export { normalize, SUBSCRIBED_EVENTS, type WebhookFact, type WebhookFactKind } from './normalize';
export { generateWebhookSecret, resolveWebhookSecret } from './secret';
export {
  type VerifyInput,
  type VerifyResult,
  verifyAndParse,
  type WebhookDelivery,
  type WebhookHeaders,
  type WebhookRejection,
} from './verify-and-parse';
export { type PendingDelivery, WebhookInbox } from './webhook-inbox';
