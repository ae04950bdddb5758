import type { RawRequest } from '../contract/payout-provider';
import { fixture } from '@test/support/providers/pientegra';
import { parsePientegraWebhook } from './pientegra.webhook';

const request = (rawBody: Buffer, headers: Record<string, string> = {}): RawRequest => ({
  headers,
  rawBody,
  receivedAt: new Date(),
});
const body = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('parsePientegraWebhook', () => {
  it('reads the fixture body byte for byte: eventId as dedupe key, withdrawalId, succeeded', () => {
    const raw = fixture('webhook-withdrawal-sent.body.json');
    const result = parsePientegraWebhook(request(raw));
    expect(result).toMatchObject({
      kind: 'event',
      dedupeKey: '019dd459-43c1-711c-9e38-76a3182f4185',
      providerId: '01927b3c-9c1f-7a3a-9c4f-8a3e1f8b1c00',
      signal: { status: 'succeeded', providerStatus: 'SENT' },
      mustConfirmByLookup: false,
      raw: raw.toString('utf8'),
    });
    if (result.kind === 'event') expect(result.signal?.occurredAt?.toISOString()).toBe('2026-04-28T13:00:00.000Z');
  });

  it('gives a replayed delivery the same dedupe key', () => {
    const raw = fixture('webhook-withdrawal-sent.body.json');
    const [first, second] = [parsePientegraWebhook(request(raw)), parsePientegraWebhook(request(Buffer.from(raw)))];
    expect(first.kind === 'event' && second.kind === 'event' && first.dedupeKey === second.dedupeKey).toBe(true);
  });

  it('ignores intent.* (deposits) and unknown event types, keeping a dedupe key', () => {
    expect(parsePientegraWebhook(request(body({ eventId: 'e1', eventType: 'intent.succeeded' })))).toMatchObject({
      kind: 'ignored',
      dedupeKey: 'e1',
    });
    expect(parsePientegraWebhook(request(body({ eventId: 'e2', eventType: 'payout.teleported' })))).toMatchObject({
      kind: 'ignored',
      dedupeKey: 'e2',
    });
  });

  it('takes the event id from the header when the body lacks one', () => {
    const raw = body({ eventType: 'withdrawal.sent', withdrawal: { withdrawalId: 'w1', status: 'SENT' } });
    expect(parsePientegraWebhook(request(raw, { 'pientegra-event-id': 'evt-h' }))).toMatchObject({
      kind: 'event',
      dedupeKey: 'evt-h',
    });
  });

  it('is unparseable, with the raw kept, for broken bodies', () => {
    expect(parsePientegraWebhook(request(Buffer.from('{not json')))).toMatchObject({
      kind: 'unparseable',
      raw: '{not json',
    });
    expect(parsePientegraWebhook(request(body(['x'])))).toMatchObject({ kind: 'unparseable' });
    expect(parsePientegraWebhook(request(body({ eventId: 'e', eventType: 'withdrawal.sent' })))).toMatchObject({
      kind: 'unparseable',
    });
  });
});
