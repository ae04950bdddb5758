import { Webhook } from 'standardwebhooks';
import type { MessageSigner } from '../application';

/** Standard Webhooks signing (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`) with the client's `whsec_` secret. */
export const standardWebhooksSigner: MessageSigner = {
  sign: (secret, messageId, timestamp, body) => new Webhook(secret).sign(messageId, timestamp, body),
};
