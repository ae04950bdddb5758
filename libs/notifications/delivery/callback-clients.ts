import type { ClientStore } from '@libs/clients';
import type { PiiCipher } from '@libs/payouts';
import type { CallbackClients, CallbackSettings } from '../application';

/** A client's callback URL and its signing secret, opened from the seal only here, for the signer. */
export class SealedCallbackClients implements CallbackClients {
  constructor(
    private readonly clients: ClientStore,
    private readonly cipher: PiiCipher,
  ) {}

  async find(clientId: string): Promise<CallbackSettings | undefined> {
    const client = await this.clients.find(clientId);
    if (!client) return undefined;
    const isRevoked = client.revokedAt !== null;
    const sealed = client.hasWebhookSecret ? await this.clients.findSealedWebhookSecret(clientId) : undefined;
    if (sealed === undefined) return { isRevoked, callbackUrl: client.callbackUrl, signingSecret: undefined };
    try {
      return {
        isRevoked,
        callbackUrl: client.callbackUrl,
        signingSecret: this.cipher.open(sealed, 'client.webhook_secret'),
      };
    } catch (error) {
      // The message names the purpose and key id only, never the value.
      return {
        isRevoked,
        callbackUrl: client.callbackUrl,
        signingSecret: undefined,
        secretProblem: (error as Error).message,
      };
    }
  }
}

/** Whether a client's status changes become deliveries: it has a callback URL and is not revoked. */
export const receivesCallbacks =
  (clients: Pick<ClientStore, 'find'>) =>
  async (clientId: string): Promise<boolean> => {
    const client = await clients.find(clientId);
    return Boolean(client?.callbackUrl) && client?.revokedAt === null;
  };
