import { randomBytes } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { QUEUE_PREFIX } from '@libs/platform/queues';
import { queryOnce } from '../support/database';
import { startPayoutsApi, type PayoutsApiHarness } from '../support/payouts-api';

const PAYOUT_ID = '0193a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b';

// The queue dashboard was a back door: with an ops:write key, bull-board's pause, clean and add calls changed the
// queues with no reason and no audit row, and an added dispatch job resent a payout. The board is read-only now; the
// one job action is an audited API call with a reason.
describe('the queue dashboard is read-only; a failed job is retried through an audited call', () => {
  let h: PayoutsApiHarness;
  let dispatch: Queue;
  let failedJobId: string;
  let delayedJobId: string;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/14';
  const keyPrefix = `qro${randomBytes(3).toString('hex')}:`;

  beforeAll(async () => {
    h = await startPayoutsApi(
      'queues_read_only',
      {
        opsWriter: ['ops:read', 'ops:write'],
        opsReader: ['ops:read'],
      },
      { REDIS_KEY_PREFIX: keyPrefix },
    );
    const connection = { url: redisUrl };
    dispatch = new Queue('dispatch', { connection, prefix: `${keyPrefix}${QUEUE_PREFIX}` });
    // A dispatch job that failed for good (as after a Redis or provider outage), and one waiting for later.
    const failed = await dispatch.add(
      'dispatch-payout',
      { payoutId: PAYOUT_ID },
      { jobId: 'old-dispatch', attempts: 1 },
    );
    const worker = new Worker(
      'dispatch',
      async () => {
        throw new Error('provider unreachable');
      },
      { connection, prefix: `${keyPrefix}${QUEUE_PREFIX}` },
    );
    await new Promise<void>((resolve) => worker.on('failed', () => resolve()));
    await worker.close();
    failedJobId = failed.id as string;
    delayedJobId = (
      await dispatch.add('dispatch-payout', { payoutId: PAYOUT_ID }, { jobId: 'later', delay: 3_600_000 })
    ).id as string;
  });
  afterAll(async () => {
    await dispatch?.obliterate({ force: true });
    await dispatch?.close();
    await h?.close();
  });

  const board = (method: string, path: string, body?: unknown) =>
    fetch(`${h.api.baseUrl}/ops/queues/api${path}`, {
      method,
      redirect: 'manual',
      headers: {
        authorization: `Bearer ${h.keys.opsWriter}`,
        'content-type': 'application/json',
        // As the dashboard's own page would send them, so only the read-only rule can refuse.
        origin: h.api.baseUrl,
        'sec-fetch-site': 'same-origin',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const snapshot = async () => ({
    paused: await dispatch.isPaused(),
    counts: await dispatch.getJobCounts('failed', 'delayed', 'waiting', 'active', 'completed'),
    failed: await dispatch.getJobState(failedJobId),
    delayed: await dispatch.getJobState(delayedJobId),
  });
  const auditRows = () =>
    queryOnce<{ actor_client_id: string; action: string; subject_id: string; reason: string; details: unknown }>(
      h.databaseUrl,
      "SELECT actor_client_id, action, subject_id, reason, details FROM audit_log WHERE subject_type = 'queue_job' ORDER BY created_at",
    );

  it('refuses every board action to an ops:write key, and nothing changes in Redis', async () => {
    const before = await snapshot();
    expect(before).toMatchObject({ paused: false, failed: 'failed', delayed: 'delayed' });
    const actions: [string, string, unknown?][] = [
      ['PUT', '/queues/pause'],
      ['PUT', '/queues/dispatch/pause'],
      ['PUT', '/queues/dispatch/clean/failed'],
      ['POST', '/queues/dispatch/add', { name: 'dispatch-payout', data: { payoutId: PAYOUT_ID } }],
      ['PUT', '/queues/dispatch/retry/failed'],
      ['PUT', `/queues/dispatch/${failedJobId}/retry`],
      ['PUT', '/queues/dispatch/promote'],
      ['PUT', `/queues/dispatch/${delayedJobId}/promote`],
      ['PUT', `/queues/dispatch/${failedJobId}/clean`],
      ['PUT', '/queues/dispatch/empty'],
      ['PATCH', `/queues/dispatch/${delayedJobId}/update-data`, { data: { payoutId: 'another' } }],
    ];
    for (const [method, path, body] of actions) {
      const answer = await board(method, path, body);
      expect({ method, path, status: answer.status }).toEqual({ method, path, status: 405 });
    }
    expect(await snapshot()).toEqual(before);
    expect(await dispatch.getJob('dispatch-payout')).toBeUndefined();
    expect((await dispatch.getJob(delayedJobId))?.data).toEqual({ payoutId: PAYOUT_ID });
  });

  it('still shows the queues to an ops:read key, each marked read-only', async () => {
    const answer = await fetch(`${h.api.baseUrl}/ops/queues/api/queues`, {
      headers: { authorization: `Bearer ${h.keys.opsReader}` },
    });
    expect(answer.status).toBe(200);
    const { queues } = (await answer.json()) as { queues: { name: string; readOnlyMode: boolean }[] };
    expect(queues.length).toBeGreaterThan(0);
    expect(queues.every((queue) => queue.readOnlyMode)).toBe(true);
  });

  it('retries a failed job only with ops:write and a reason, unchanged, with an audit row naming the actor', async () => {
    const path = `/v1/ops/queues/dispatch/jobs/${failedJobId}/retry`;
    const byReader = await h.call('POST', path, { key: h.keys.opsReader, body: { reason: 'x' } });
    expect(byReader.status).toBe(403);
    const noReason = await h.call('POST', path, { key: h.keys.opsWriter, body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toContainEqual(expect.objectContaining({ field: 'reason' }));
    expect(await dispatch.getJobState(failedJobId)).toBe('failed');
    expect(await auditRows()).toEqual([]);

    const countsBefore = await dispatch.getJobCounts();
    const retried = await h.call('POST', path, {
      key: h.keys.opsWriter,
      body: { reason: 'provider is back; this payout is still pending' },
    });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ name: 'dispatch-payout', state: 'waiting', payoutId: PAYOUT_ID });
    expect(await dispatch.getJobState(failedJobId)).toBe('waiting');
    const job = await dispatch.getJob(failedJobId);
    expect({ name: job?.name, data: job?.data }).toEqual({ name: 'dispatch-payout', data: { payoutId: PAYOUT_ID } });
    const countsAfter = await dispatch.getJobCounts();
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);
    expect(total(countsAfter)).toBe(total(countsBefore)); // moved, not added
    expect(await auditRows()).toEqual([
      {
        actor_client_id: h.ids.opsWriter,
        action: 'queue_job.retry',
        subject_id: `dispatch/${failedJobId}`,
        reason: 'provider is back; this payout is still pending',
        details: expect.objectContaining({ jobName: 'dispatch-payout', state: 'failed', payoutId: PAYOUT_ID }),
      },
    ]);
  });

  it('refuses (409, audited) a job that is not failed, and 404 for an unknown queue or job', async () => {
    const delayed = await h.call('POST', `/v1/ops/queues/dispatch/jobs/${delayedJobId}/retry`, {
      key: h.keys.opsWriter,
      body: { reason: 'hurry it up' },
    });
    expect(delayed.status).toBe(409);
    expect(delayed.body.code).toBe('invalid_state');
    expect(await dispatch.getJobState(delayedJobId)).toBe('delayed');
    expect((await auditRows()).at(-1)).toMatchObject({
      subject_id: `dispatch/${delayedJobId}`,
      details: expect.objectContaining({ refused: 'invalid_state' }),
    });
    for (const path of ['/v1/ops/queues/nope/jobs/1/retry', '/v1/ops/queues/dispatch/jobs/missing/retry']) {
      const answer = await h.call('POST', path, { key: h.keys.opsWriter, body: { reason: 'x' } });
      expect(answer.status).toBe(404);
    }
  });
});
