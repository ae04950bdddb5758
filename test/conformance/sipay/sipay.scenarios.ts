import { judgeWebhookByLookup, type RawRequest, type SignalStatus } from '@libs/providers';
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
import { sandboxAttempt, sandboxSipay, sipayWebhooks } from './sipay.sandbox-harness';

const submitRow = (context: SandboxContext, row: ScenarioRow): Promise<Run> =>
  submitScenario(sandboxSipay(context), sandboxAttempt(row));

function accepted(run: Run): string {
  expect(run.outcome).toMatchObject({ kind: 'accepted' });
  return run.outcome.kind === 'accepted' ? run.outcome.providerId : '';
}

/** Verifies each delivery (path token) and returns what it parses to; each names the run's reference. */
const read = (run: Run, deliveries: RawRequest[]) => readWebhooks(run.provider, deliveries, run.attempt.reference);

async function lookupStatus(run: Run): Promise<SignalStatus | string> {
  const lookup = await run.provider.lookup(run.attempt);
  return lookup.kind === 'found' ? lookup.signal.status : lookup.kind;
}

const transfers = (context: SandboxContext, run: Run) => context.control.transfers('sipay', run.attempt.reference);

async function expectNoWebhook(context: SandboxContext, run: Run): Promise<void> {
  await sleep(context.settleMs / 6);
  expect(
    context.webhooks.matching(
      (w) => w.path.startsWith('/v1/webhooks/sipay/') && w.request.rawBody.includes(run.attempt.reference),
    ),
  ).toHaveLength(0);
}

/** A webhook is a hint: the lookup must back it before it is applied. */
async function confirmedByLookup(run: Run, webhook: SignalStatus): Promise<void> {
  const lookup = await run.provider.lookup(run.attempt);
  if (lookup.kind !== 'found') throw new Error(`lookup was ${lookup.kind}`);
  expect(judgeWebhookByLookup(webhook, lookup.signal.status)).toBe('confirmed');
}

const completes = async (context: SandboxContext, row: ScenarioRow) => {
  const run = await submitRow(context, row);
  const id = accepted(run);
  const deliveries = await sipayWebhooks(context, run.attempt.reference, 1);
  expect((await read(run, deliveries)).statuses).toEqual(['succeeded']);
  expect(await run.provider.parseWebhook(deliveries[0])).toMatchObject({ providerId: id, mustConfirmByLookup: true });
  await confirmedByLookup(run, 'succeeded');
  expect(await transfers(context, run)).toHaveLength(1);
};

const bankRejects = async (context: SandboxContext, row: ScenarioRow) => {
  const run = await submitRow(context, row);
  accepted(run);
  const [delivery] = await sipayWebhooks(context, run.attempt.reference, 1);
  expect(await run.provider.parseWebhook(delivery)).toMatchObject({
    signal: { status: 'failed', failure: { code: 'bank_rejected' } },
  });
  await confirmedByLookup(run, 'failed');
};

const manualReview = async (context: SandboxContext, row: ScenarioRow, afterRelease: SignalStatus) => {
  const run = await submitRow(context, row);
  accepted(run);
  expect(await lookupStatus(run)).toBe('processing');
  await context.control.release('sipay', run.attempt.reference);
  expect(await lookupStatus(run)).toBe(afterRelease);
  // Sipay sends no webhook for a manual review, before or after the release.
  await expectNoWebhook(context, run);
};

const refused = async (
  context: SandboxContext,
  row: ScenarioRow,
  code: string,
  providerCode: string,
  failoverAllowed: boolean,
) => {
  const run = await submitRow(context, row);
  expect(run.outcome).toMatchObject({ kind: 'not_executed', failure: { code, providerCode }, failoverAllowed });
  expect(await transfers(context, run)).toHaveLength(0);
  // Inside the consistency window "not found" proves nothing; past it, it proves "never executed".
  expect(await run.provider.lookup(run.attempt)).toMatchObject({ kind: 'not_found', provesNotExecuted: false });
  const pastWindow = sandboxSipay(context, { consistencyWindowMs: 0 });
  expect(await pastWindow.lookup(run.attempt)).toMatchObject({ kind: 'not_found', provesNotExecuted: true });
};

/** sandbox.md's Sipay column, one end-to-end check per row through the adapter. */
export const sipayScenarios: ScenarioChecks = {
  '00': (context) => completes(context, '00'),
  '13': (context) => manualReview(context, '13', 'succeeded'),
  '14': (context) => manualReview(context, '14', 'failed'),
  '21': (context) => bankRejects(context, '21'),
  '22': (context) => bankRejects(context, '22'),
  '31': (context) => refused(context, '31', 'insufficient_provider_balance', '311', true),
  '32': (context) => refused(context, '32', 'limit_exceeded', '310', true),
  '41': async (context) => {
    // The held answer times out; the retry answers 301 (duplicate) and one lookup finds the transfer.
    const run = await submitRow(context, '41');
    accepted(run);
    expect(await transfers(context, run)).toHaveLength(1);
    expect((await read(run, await sipayWebhooks(context, run.attempt.reference, 1))).statuses).toEqual(['succeeded']);
  },
  '51': async (context) => {
    const run = await submitRow(context, '51');
    accepted(run);
    const sends = (await context.control.requests('sipay', run.startedAt)).filter((r) =>
      /SendMoneyToBankAccount/i.test(r.path),
    );
    expect(sends.map((r) => r.reference)).toEqual([run.attempt.reference, run.attempt.reference]);
    expect(sends.map((r) => r.status)).toEqual([500, 200]);
    expect(await transfers(context, run)).toHaveLength(1);
  },
  '52': (context) => completes(context, '52'),
  '61': async (context) => {
    const run = await submitRow(context, '61');
    accepted(run);
    const { statuses, keys } = await read(run, await sipayWebhooks(context, run.attempt.reference, 2));
    expect(statuses).toEqual(['succeeded', 'returned']);
    expect(new Set(keys).size).toBe(2);
    await confirmedByLookup(run, 'returned');
  },
  '71': (context) => refused(context, '71', 'beneficiary_mismatch', '306', false),
  '81': async (context) => {
    const run = await submitRow(context, '81');
    accepted(run);
    const { statuses, keys } = await read(run, await sipayWebhooks(context, run.attempt.reference, 3));
    expect(statuses).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(new Set(keys).size).toBe(1);
  },
  '91': async (context) => {
    const run = await submitRow(context, '91');
    accepted(run);
    const { statuses } = await read(run, await sipayWebhooks(context, run.attempt.reference, 2));
    expect(statuses).toEqual(['returned', 'succeeded']);
    await confirmedByLookup(run, 'returned');
  },
  '95': async (context) => {
    const run = await submitRow(context, '95');
    const id = accepted(run);
    const listed = (await listedSinceRun(run)).find((item) => item.reference === run.attempt.reference);
    expect(listed).toMatchObject({ providerId: id, amount: run.attempt.amount + 100n });
  },
  '96': async (context) => {
    const run = await submitRow(context, '96');
    accepted(run);
    expect((await listedSinceRun(run)).map((item) => item.reference)).not.toContain(run.attempt.reference);
    expect(await lookupStatus(run)).not.toBe('not_found');
  },
};
