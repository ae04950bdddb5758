import type { RawRequest } from '@libs/providers';
import {
  listedSinceRun,
  readWebhooks,
  SandboxContext,
  ScenarioChecks,
  ScenarioRow,
  ScenarioRun as Run,
  sleep,
  submitScenario,
} from '../../support/conformance';
import { pientegraWebhooks, sandboxAttempt, sandboxPientegra } from './pientegra.sandbox-harness';

const submitRow = (context: SandboxContext, row: ScenarioRow): Promise<Run> =>
  submitScenario(sandboxPientegra(context), sandboxAttempt(row));

function acceptedId(run: Run): string {
  expect(run.outcome).toMatchObject({ kind: 'accepted', signal: { status: 'processing' } });
  return run.outcome.kind === 'accepted' ? run.outcome.providerId : '';
}

const read = (provider: Run['provider'], deliveries: RawRequest[]) => readWebhooks(provider, deliveries);

async function lookupStatus(run: Run, providerId: string): Promise<string | undefined> {
  const lookup = await run.provider.lookup({ ...run.attempt, providerId });
  return lookup.kind === 'found' ? lookup.signal.status : lookup.kind;
}

async function createKeys(context: SandboxContext, run: Run): Promise<string[]> {
  const requests = await context.control.requests('pientegra', run.startedAt);
  return requests
    .filter((r) => r.method === 'POST' && /\/external\/withdrawals\/?$/.test(r.path))
    .map((r) => r.reference ?? '');
}

async function expectNoWebhook(context: SandboxContext, providerId: string): Promise<void> {
  await sleep(context.settleMs / 6);
  const arrived = context.webhooks.matching(
    (w) => w.path === '/v1/webhooks/pientegra' && w.request.rawBody.includes(providerId),
  );
  expect(arrived).toHaveLength(0);
}

const sentLikeZero = async (context: SandboxContext, row: ScenarioRow) => {
  const run = await submitRow(context, row);
  const id = acceptedId(run);
  const { statuses } = await read(run.provider, await pientegraWebhooks(context, id, 1));
  expect(statuses).toEqual(['succeeded']);
  expect(await lookupStatus(run, id)).toBe('succeeded');
  expect(await context.control.transfers('pientegra', run.attempt.reference)).toHaveLength(1);
};

const rejected = async (context: SandboxContext, row: ScenarioRow) => {
  const run = await submitRow(context, row);
  const id = acceptedId(run);
  const [delivery] = await pientegraWebhooks(context, id, 1);
  expect(await run.provider.parseWebhook(delivery)).toMatchObject({
    signal: { status: 'failed', failure: { code: 'provider_rejected' } },
  });
  expect(await lookupStatus(run, id)).toBe('failed');
};

const heldInReview = async (context: SandboxContext, row: ScenarioRow, release: 'succeeded' | 'failed') => {
  const run = await submitRow(context, row);
  const id = acceptedId(run);
  await expectNoWebhook(context, id);
  expect(await lookupStatus(run, id)).toBe('processing');
  await context.control.release('pientegra', run.attempt.reference);
  const { statuses } = await read(run.provider, await pientegraWebhooks(context, id, 1));
  expect(statuses).toEqual([release]);
  expect(await lookupStatus(run, id)).toBe(release);
};

/** sandbox.md's Pientegra column, one end-to-end check per row through the adapter. */
export const pientegraScenarios: ScenarioChecks = {
  '00': (context) => sentLikeZero(context, '00'),
  '13': (context) => heldInReview(context, '13', 'succeeded'),
  '14': (context) => heldInReview(context, '14', 'failed'),
  '21': (context) => rejected(context, '21'),
  '22': (context) => rejected(context, '22'),
  '31': (context) => sentLikeZero(context, '31'),
  '32': (context) => sentLikeZero(context, '32'),
  '41': async (context) => {
    const run = await submitRow(context, '41');
    // The held answer times out; the retry under the same key gets the original answer at once.
    const id = acceptedId(run);
    expect(run.outcome.raw.requestCount).toBeGreaterThanOrEqual(2);
    expect(new Set(await createKeys(context, run))).toEqual(new Set([run.attempt.reference]));
    expect(await context.control.transfers('pientegra', run.attempt.reference)).toHaveLength(1);
    expect((await read(run.provider, await pientegraWebhooks(context, id, 1))).statuses).toEqual(['succeeded']);
  },
  '51': async (context) => {
    const run = await submitRow(context, '51');
    acceptedId(run);
    const keys = await createKeys(context, run);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys)).toEqual(new Set([run.attempt.reference]));
    expect(await context.control.transfers('pientegra', run.attempt.reference)).toHaveLength(1);
  },
  '52': async (context) => {
    const run = await submitRow(context, '52');
    acceptedId(run);
    expect(run.elapsedMs).toBeGreaterThanOrEqual(1_000); // Retry-After: 1
    expect(await createKeys(context, run)).toEqual([run.attempt.reference, run.attempt.reference]);
  },
  '61': async (context) => {
    const run = await submitRow(context, '61');
    const id = acceptedId(run);
    const { statuses } = await read(run.provider, await pientegraWebhooks(context, id, 2));
    expect(statuses).toEqual(['succeeded', 'returned']);
    expect(await lookupStatus(run, id)).toBe('returned');
  },
  '71': async (context) => {
    const run = await submitRow(context, '71');
    expect(run.outcome).toMatchObject({
      kind: 'not_executed',
      failure: { code: 'beneficiary_mismatch', providerCode: 'validation_failed' },
      failoverAllowed: false,
    });
    expect(await context.control.transfers('pientegra', run.attempt.reference)).toHaveLength(0);
    // Replaying the identical create is refused again: proof that nothing exists under the key.
    expect(await run.provider.lookup(run.attempt)).toMatchObject({ kind: 'not_found', provesNotExecuted: true });
  },
  '81': async (context) => {
    const run = await submitRow(context, '81');
    const { statuses, keys } = await read(run.provider, await pientegraWebhooks(context, acceptedId(run), 3));
    expect(statuses).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(new Set(keys).size).toBe(1);
  },
  '91': async (context) => {
    const run = await submitRow(context, '91');
    const { statuses, keys } = await read(run.provider, await pientegraWebhooks(context, acceptedId(run), 2));
    expect(statuses).toEqual(['returned', 'succeeded']);
    expect(new Set(keys).size).toBe(2);
  },
  '95': async (context) => {
    const run = await submitRow(context, '95');
    const id = acceptedId(run);
    const listed = (await listedSinceRun(run)).find((item) => item.providerId === id);
    expect(listed).toMatchObject({ amount: run.attempt.amount + 100n });
    expect(await lookupStatus(run, id)).toBeDefined();
  },
  '96': async (context) => {
    const run = await submitRow(context, '96');
    const id = acceptedId(run);
    expect((await listedSinceRun(run)).map((item) => item.providerId)).not.toContain(id);
    expect(await lookupStatus(run, id)).not.toBe('not_found');
  },
};
