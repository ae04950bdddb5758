import { isSettled, type PayoutStatus } from '@libs/payouts/domain';
import { queryOnce } from '../support/database';
import type { RunningProcess } from '../support/processes';
import { waitUntil } from '../support/processes';
import { Stack } from '../support/stack';

interface SandboxTransfer {
  provider: string;
  reference: string;
}

const FAULTS = {
  'before-call': 'before-call:0.1',
  'during-call': 'during-call:0.4',
  'after-call-before-commit': 'after-call-before-commit:0.06',
} as const;
type FaultPoint = keyof typeof FAULTS;

// Last two digits pick the sandbox scenario: paid, Sipay insufficient balance (failover), timeout after accept,
// operator/manual review, first try 5xx, name mismatch, rejected after acceptance.
const SCENARIOS = ['00', '31', '41', '13', '51', '71', '21', '00'];
const PAYOUTS = 200;

/**
 * kill -9 at each step of a dispatch: workers SIGKILL themselves before the provider call, during it, and after it
 * before the result is committed, and are restarted, while 200 payouts go through both providers. Afterwards every
 * payout is terminal or non-terminal with a next check, and the sandbox recorded no payout twice.
 */
describe('dispatch survives kill -9 at every step', () => {
  let stack: Stack;
  const kills: Record<FaultPoint, number> = { 'before-call': 0, 'during-call': 0, 'after-call-before-commit': 0 };
  let supervising = true;
  const restarts: Promise<unknown>[] = [];

  /** Keeps one worker with `fault` alive: every time it dies, count the kill and start another. */
  const supervise = (point: FaultPoint, worker: RunningProcess): void => {
    void worker.exited.then(({ signal }) => {
      if (signal === 'SIGKILL' && worker.output().includes(`fault injection: SIGKILL at ${point}`)) kills[point]++;
      if (!supervising) return;
      const restart = stack
        .addWorker({ DISPATCH_FAULT: FAULTS[point] }, { testRoot: true })
        .then((next) => supervise(point, next));
      restarts.push(restart.catch(() => undefined));
    });
  };

  beforeAll(async () => {
    stack = await Stack.start({
      label: 'dispatch_crash',
      workers: 0,
      env: {
        DISPATCH_LEASE_TTL: '2s',
        DISPATCH_JOB_LOCK: '3s',
        DISPATCH_REAP_AFTER: '1s',
        DISPATCH_REAPER_INTERVAL: '1s',
        DISPATCH_RESUBMIT_DELAYS: '300ms,1s',
      },
    });
  }, 120_000);
  afterAll(async () => {
    supervising = false;
    await Promise.all(restarts);
    await stack?.stop();
  });

  it('leaves every payout terminal or with a next check, and no payout recorded twice at the sandbox', async () => {
    const startedAt = Date.now();
    await stack.splitTrafficEvenly('fault test: both providers');
    for (const point of Object.keys(FAULTS) as FaultPoint[]) {
      supervise(point, await stack.addWorker({ DISPATCH_FAULT: FAULTS[point] }, { testRoot: true }));
    }

    const ids: string[] = [];
    for (let i = 0; i < PAYOUTS; i++) {
      const amount = `${1000 + i}${SCENARIOS[i % SCENARIOS.length]}`;
      const answer = await stack.createPayout({ amount });
      expect(answer.status).toBe(201);
      ids.push(answer.body.id);
    }

    // Phase 1: crashes until each point has fired a few times (or the work ran out).
    await waitUntil(
      async () => Object.values(kills).every((n) => n >= 2) || (await isQuiet(stack)),
      60_000,
      'kills at every fault point',
    ).catch(() => undefined);
    const faultPhaseSeconds = Math.round((Date.now() - startedAt) / 1000);
    // Phase 2: no more faults; a clean worker finishes whatever the crashes left behind.
    supervising = false;
    await Promise.all(restarts);
    for (const worker of stack.processes.workers) await worker.stop('SIGKILL');
    await stack.addWorker();
    await waitUntil(() => isQuiet(stack), 90_000, 'every dispatch to settle');

    const payouts = await queryOnce<{
      id: string;
      status: PayoutStatus;
      next_check_at: Date | null;
      code: string | null;
    }>(
      stack.databaseUrl,
      `SELECT id, status, next_check_at, failure->>'code' AS code FROM payouts WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const attempts = await queryOnce<{ payout_id: string; reference: string; status: string }>(
      stack.databaseUrl,
      'SELECT payout_id, reference, status FROM payout_attempts',
    );
    const { data: transfers } = await stack.sandbox<{ data: SandboxTransfer[] }>('GET', '/_sandbox/transfers');
    const { data: requests } = await stack.sandbox<{ data: { method: string; reference?: string }[] }>(
      'GET',
      '/_sandbox/requests',
    );
    const sendsPerReference = countBy(
      requests.filter((r) => r.method === 'POST' && r.reference).map((r) => r.reference!),
    );

    const byReference = new Map(attempts.map((a) => [a.reference, a]));
    const transfersPerReference = countBy(transfers.map((t) => t.reference));
    const transfersPerPayout = countBy(transfers.map((t) => byReference.get(t.reference)?.payout_id ?? 'unknown'));
    const stuck = payouts.filter((p) => !isSettled(p.status) && p.next_check_at === null);
    const statuses = countBy(payouts.map((p) => p.status));
    const failures = countBy(payouts.filter((p) => p.status === 'failed').map((p) => p.code ?? 'none'));
    const livePerPayout = countBy(attempts.filter((a) => a.status !== 'rejected').map((a) => a.payout_id));

    console.warn(
      `dispatch crash test: ${PAYOUTS} payouts in ${Math.round((Date.now() - startedAt) / 1000)} s ` +
        `(${faultPhaseSeconds} s with faults); ` +
        `kills ${JSON.stringify(kills)}; statuses ${JSON.stringify(Object.fromEntries(statuses))}; failures ${JSON.stringify(Object.fromEntries(failures))}; ` +
        `attempts ${attempts.length}; sandbox transfers ${transfers.length}; ` +
        `references sent more than once ${[...sendsPerReference.values()].filter((n) => n > 1).length}; ` +
        `references recorded twice ${[...transfersPerReference.values()].filter((n) => n > 1).length}; ` +
        `payouts with two transfers ${[...transfersPerPayout.values()].filter((n) => n > 1).length}; ` +
        `non-terminal without a next check ${stuck.length}`,
    );

    expect(payouts).toHaveLength(PAYOUTS);
    for (const point of Object.keys(FAULTS) as FaultPoint[]) expect(kills[point]).toBeGreaterThan(0);
    expect(stuck).toEqual([]);
    expect(statuses.get('pending') ?? 0).toBe(0);
    expect([...transfersPerReference.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect([...transfersPerPayout.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect(transfersPerPayout.get('unknown') ?? 0).toBe(0);
    expect([...livePerPayout.values()].every((n) => n === 1)).toBe(true);
    // A crash or an unknown outcome never fails a payout: only what the providers refused or rejected does.
    expect(
      [...failures.keys()].every((code) =>
        ['beneficiary_mismatch', 'provider_rejected', 'bank_rejected'].includes(code),
      ),
    ).toBe(true);
  }, 300_000);
});

/** Nothing pending and no attempt whose submission never got an answer recorded: dispatch has nothing left to do. */
async function isQuiet(stack: Stack): Promise<boolean> {
  const [row] = await queryOnce<{ pending: number; unanswered: number }>(
    stack.databaseUrl,
    `SELECT (SELECT count(*)::int FROM payouts WHERE status = 'pending') AS pending,
            (SELECT count(*)::int FROM payout_attempts a JOIN payouts p ON p.id = a.payout_id
              WHERE p.status = 'submitting' AND a.status = 'submitting' AND NOT EXISTS (
                SELECT 1 FROM payout_events e WHERE e.payout_id = p.id AND e.source = 'dispatch'
                  AND e.evidence->>'answeredAttemptId' = a.id::text)) AS unanswered`,
  );
  return row.pending === 0 && row.unanswered === 0;
}

function countBy(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
