import { isJsonObject, jsonIdText, jsonString } from '@libs/platform/json';
import type { MissedWebhooks } from '../contract/payout-provider';
import type { ProviderCallResult } from '../contract/provider-call';
import type { PientegraClient } from './pientegra.client';

const MAX_PAGES = 50;

const failure = (what: string, call: ProviderCallResult) =>
  new Error(`Pientegra ${what} failed (${call.raw.httpStatus ?? call.raw.transportError ?? 'no answer'})`);

/** Pientegra keeps the webhooks it could not deliver and sends one again on request [V]. */
export class PientegraMissedWebhooks implements MissedWebhooks {
  constructor(private readonly client: PientegraClient) {}

  async listUndelivered(): Promise<string[]> {
    const eventIds: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const call = await this.client.listUndeliveredEvents(cursor);
      if (call.answer?.kind !== 'response' || call.answer.status !== 200 || !call.json?.ok) {
        throw failure('event listing', call);
      }
      const body = call.json.value;
      const data = isJsonObject(body) && Array.isArray(body.data) ? body.data : [];
      for (const event of data) {
        const eventId = isJsonObject(event) ? jsonIdText(event.eventId) : undefined;
        if (eventId !== undefined) eventIds.push(eventId);
      }
      cursor = isJsonObject(body) ? jsonString(body.nextCursor) : undefined;
      if (!cursor) break;
    }
    return eventIds;
  }

  async replay(eventId: string): Promise<void> {
    const call = await this.client.replayEvent(eventId);
    if (call.answer?.kind !== 'response' || call.answer.status < 200 || call.answer.status >= 300) {
      throw failure(`replay of event ${eventId}`, call);
    }
  }
}
