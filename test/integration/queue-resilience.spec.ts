import { Queue } from 'bullmq';
import { QUEUE_PREFIX } from '@libs/platform/queues';
import { createFreshDatabase, migrate } from '../support/database';
import { freePort, httpStatus, RunningProcess, startTestWorker, waitForReady, waitUntil } from '../support/processes';
import { DisposableRedis } from '../support/redis-server';

describe('the worker and its queues', () => {
  const redis = new DisposableRedis();
  let database: Awaited<ReturnType<typeof createFreshDatabase>>;
  let queue: Queue;
  const workers: RunningProcess[] = [];

  const startWorker = async () => {
    const port = await freePort();
    const worker = startTestWorker({ DATABASE_URL: database.url, REDIS_URL: redis.url, WORKER_PORT: String(port) });
    workers.push(worker);
    await waitForReady(port);
    return { worker, port };
  };
  const stateOf = async (jobId: string) => (await queue.getJob(jobId))?.getState();

  beforeAll(async () => {
    await redis.start();
    database = await createFreshDatabase('queues');
    await migrate(database.url);
    queue = new Queue('maintenance', {
      prefix: QUEUE_PREFIX,
      connection: { url: redis.url, maxRetriesPerRequest: null },
    });
    queue.on('error', () => undefined); // expected while the test has Redis down
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop('SIGKILL')));
    await queue?.close().catch(() => undefined);
    await redis.kill();
    await database?.drop();
  });

  it('finishes a job enqueued before Redis was killed and restarted, and becomes ready again', async () => {
    const { port } = await startWorker();
    await queue.add('probe', { sentAt: new Date().toISOString() }, { jobId: 'before-restart', delay: 2_500 });

    await redis.kill();
    await waitUntil(
      async () => (await httpStatus(`http://127.0.0.1:${port}/health/ready`)) === 503,
      10_000,
      'readiness 503 while Redis is down',
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await redis.start();

    await waitUntil(
      async () => (await stateOf('before-restart')) === 'completed',
      30_000,
      'the job to complete after the restart',
    );
    await waitForReady(port, 15_000);
  });

  it('on SIGTERM lets the job in flight finish, exits 0, and leaves unstarted jobs for the next worker', async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    const { worker } = await startWorker();
    await queue.add('probe', { sentAt: new Date().toISOString(), workMs: 3_000 }, { jobId: 'in-flight' });
    await waitUntil(async () => (await stateOf('in-flight')) === 'active', 10_000, 'the job to start');
    const stopped = worker.stop('SIGTERM');
    await queue.add('probe', { sentAt: new Date().toISOString() }, { jobId: 'queued-during-shutdown', delay: 500 });

    expect(await stopped).toEqual({ code: 0, signal: null });
    expect(await stateOf('in-flight')).toBe('completed');

    await startWorker();
    await waitUntil(
      async () => (await stateOf('queued-during-shutdown')) === 'completed',
      15_000,
      'the queued job to complete on the next worker',
    );
  });
});
