import type { RawRequest, WebhookRejection } from '@libs/providers';

type Forged = { request: RawRequest; expected: WebhookRejection };

/** One bit of a signed body flipped near its end: the signature no longer matches. */
export function flipSignedBodyBit(request: RawRequest): Forged {
  const rawBody = Buffer.from(request.rawBody);
  rawBody[rawBody.length - 3] ^= 0x01;
  return { request: { ...request, rawBody }, expected: 'bad_signature' };
}

/** The delivery as if it arrived six minutes after it was sent: past a five-minute signature window. */
export const arriveSixMinutesLate = (request: RawRequest): RawRequest => ({
  ...request,
  receivedAt: new Date(request.receivedAt.getTime() + 6 * 60_000),
});

/** A path token one character longer than the genuine one. */
export const extendPathToken = (request: RawRequest): Forged => ({
  request: { ...request, pathToken: `${request.pathToken ?? ''}x` },
  expected: 'bad_token',
});
