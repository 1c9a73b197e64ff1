// Notification channels: one module per type behind ChannelType (channel.ts).

export { CHANNEL_TYPES } from './channel-types';
export type { ChannelType, ChannelTypeName, RenderContext, RenderedRequest, SendContext } from './channel';
export { alertmanagerWebhookPayload, type WebhookPayloadV4 } from './webhook-payload';
export { verifyWebhookSignature, webhookSignature } from './webhook-signature';
export { previewNotification, sampleNotification } from './preview';
export { NotificationTemplateError } from './notification-template';
