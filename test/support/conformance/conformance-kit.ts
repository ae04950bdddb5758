import type { LookupOutcome, SubmitOutcome, SubmitRequest } from '@libs/providers';
import type { ConformanceHarness, Situation } from './conformance-harness';

const settled = ['processing', 'manual_review', 'succeeded', 'failed', 'returned'];

function accepted(outcome: SubmitOutcome): Extract<SubmitOutcome, { kind: 'accepted' }> {
  if (outcome.kind !== 'accepted')
    throw new Error(`expected accepted, got ${JSON.stringify({ ...outcome, raw: undefined })}`);
  return outcome;
}

function found(outcome: LookupOutcome): Extract<LookupOutcome, { kind: 'found' }> {
  if (outcome.kind !== 'found')
    throw new Error(`expected found, got ${JSON.stringify({ ...outcome, raw: undefined })}`);
  return outcome;
}

/** An ambiguous submission is resolved the only allowed way: a lookup by the same reference. */
async function resolve(harness: ConformanceHarness, attempt: SubmitRequest, outcome: SubmitOutcome): Promise<string> {
  expect(outcome.kind).not.toBe('not_executed');
  if (outcome.kind === 'accepted') return outcome.providerId;
  return found(await harness.provider.lookup(attempt)).providerId;
}

async function expectOneTransferUnderOneReference(
  harness: ConformanceHarness,
  attempt: SubmitRequest,
  minRequests = 1,
) {
  expect(await harness.recordedTransfers(attempt)).toBe(1);
  const references = await harness.createReferences(attempt);
  expect(references.length).toBeGreaterThanOrEqual(minRequests);
  expect(new Set(references)).toEqual(new Set([attempt.reference]));
}

/**
 * The checks every adapter passes, in every mode (style.md §8). `harness()` is called once per check, so each check
 * starts clean; `close()` runs after it.
 */
export function describeConformance(
  title: string,
  situations: readonly Situation[],
  makeHarness: () => Promise<ConformanceHarness>,
): void {
  describe(title, () => {
    let harness: ConformanceHarness;
    beforeEach(async () => {
      harness = await makeHarness();
    });
    afterEach(async () => {
      await harness.close();
    });

    it('creates idempotently: the same reference twice records one transfer', async () => {
      const attempt = await harness.arrange('accepted');
      const first = accepted(await harness.provider.submit(attempt));
      const again = await resolve(harness, attempt, await harness.provider.submit(attempt));
      if (harness.idsMatchAcrossCalls) expect(again).toBe(first.providerId);
      await expectOneTransferUnderOneReference(harness, attempt, 2);
    });

    it('looks an accepted attempt up by our reference, and by its provider id', async () => {
      const attempt = await harness.arrange('accepted');
      const { providerId } = accepted(await harness.provider.submit(attempt));
      const byReference = found(await harness.provider.lookup(attempt));
      expect(settled).toContain(byReference.signal.status);
      const byId = found(await harness.provider.lookup({ ...attempt, providerId }));
      if (harness.idsMatchAcrossCalls)
        expect([byReference.providerId, byId.providerId]).toEqual([providerId, providerId]);
      expect(await harness.recordedTransfers(attempt)).toBe(1);
    });

    it('maps every provider status it can show', async () => {
      expect(harness.statusCases.length).toBeGreaterThan(0);
      for (const { providerStatus, expected } of harness.statusCases) {
        const attempt = await harness.arrangeStatus(providerStatus);
        const lookup = found(await harness.provider.lookup(attempt));
        expect({ providerStatus, status: lookup.signal.status }).toEqual({ providerStatus, status: expected });
      }
    });

    it('verifies a genuine webhook, refuses a forged one, and parses it to the accepted transfer', async () => {
      const attempt = await harness.arrange('accepted');
      const { providerId } = accepted(await harness.provider.submit(attempt));
      const [genuine] = await harness.webhooks(attempt, providerId, 1);
      expect(await harness.provider.verifyWebhook(genuine)).toEqual({ ok: true });
      const forged = harness.forge(genuine);
      expect(await harness.provider.verifyWebhook(forged.request)).toEqual({ ok: false, reason: forged.expected });
      const event = await harness.provider.parseWebhook(genuine);
      expect(event).toMatchObject({ kind: 'event', providerId });
      if (event.kind === 'event' && event.reference !== undefined)
        expect(event.reference).toBe(harness.webhookReference(attempt));
    });

    it('refuses a stale webhook, or treats webhooks it cannot date as hints to confirm by lookup', async () => {
      const attempt = await harness.arrange('accepted');
      const { providerId } = accepted(await harness.provider.submit(attempt));
      const [genuine] = await harness.webhooks(attempt, providerId, 1);
      if (harness.stale) {
        expect(await harness.provider.verifyWebhook(harness.stale(genuine))).toEqual({ ok: false, reason: 'stale' });
      } else {
        const event = await harness.provider.parseWebhook(genuine);
        expect(harness.provider.capabilities.confirmsWebhooksByLookup).toBe(true);
        expect(event).toMatchObject({ kind: 'event', mustConfirmByLookup: true });
      }
    });

    it('gives a replayed webhook the same dedupe key', async () => {
      const attempt = await harness.arrange('accepted');
      const { providerId } = accepted(await harness.provider.submit(attempt));
      const [genuine] = await harness.webhooks(attempt, providerId, 1);
      const replay = { ...genuine, rawBody: Buffer.from(genuine.rawBody) };
      const keys = [];
      for (const delivery of [genuine, replay]) {
        expect(await harness.provider.verifyWebhook(delivery)).toEqual({ ok: true });
        const event = await harness.provider.parseWebhook(delivery);
        keys.push(event.kind === 'unparseable' ? undefined : event.dedupeKey);
      }
      expect(keys[0]).toBeDefined();
      expect(keys[1]).toBe(keys[0]);
    });

    if (situations.includes('duplicate_webhooks')) {
      it('collapses duplicate deliveries of one webhook to one dedupe key', async () => {
        const attempt = await harness.arrange('duplicate_webhooks');
        const { providerId } = accepted(await harness.provider.submit(attempt));
        const deliveries = await harness.webhooks(attempt, providerId, 3);
        const keys = new Set<string | undefined>();
        for (const delivery of deliveries) {
          expect(await harness.provider.verifyWebhook(delivery)).toEqual({ ok: true });
          const event = await harness.provider.parseWebhook(delivery);
          keys.add(event.kind === 'unparseable' ? undefined : event.dedupeKey);
        }
        expect(keys.size).toBe(1);
        expect(keys.has(undefined)).toBe(false);
      });
    }

    if (situations.includes('timeout_after_accept')) {
      it('resolves a timeout after acceptance without a second transfer', async () => {
        const attempt = await harness.arrange('timeout_after_accept');
        const outcome = await harness.provider.submit(attempt);
        await resolve(harness, attempt, outcome);
        await expectOneTransferUnderOneReference(harness, attempt, 2);
      });
    }

    if (situations.includes('server_error_once')) {
      it('retries a 5xx with the same reference', async () => {
        const attempt = await harness.arrange('server_error_once');
        accepted(await harness.provider.submit(attempt));
        await expectOneTransferUnderOneReference(harness, attempt, 2);
      });
    }

    if (situations.includes('rate_limited_once')) {
      it('retries a 429 with the same reference', async () => {
        const attempt = await harness.arrange('rate_limited_once');
        accepted(await harness.provider.submit(attempt));
        await expectOneTransferUnderOneReference(harness, attempt, 2);
      });
    }

    if (situations.includes('refused')) {
      it('reports a definitive refusal as not executed, with nothing recorded', async () => {
        const attempt = await harness.arrange('refused');
        const outcome = await harness.provider.submit(attempt);
        expect(outcome).toMatchObject({ kind: 'not_executed', failoverAllowed: false });
        expect(await harness.recordedTransfers(attempt)).toBe(0);
      });
    }
  });
}
