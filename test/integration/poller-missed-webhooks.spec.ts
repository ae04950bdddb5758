import { randomUUID } from 'node:crypto';
import { PIENTEGRA_PUBLISHED_CREDENTIALS } from '@libs/sandbox/pientegra/pientegra.credentials';
import { SIPAY_PUBLISHED_CREDENTIALS } from '@libs/sandbox/sipay/sipay.credentials';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { ConfigService } from '@libs/platform/config';
import { InMemoryRateBudget, type PayoutProvider } from '@libs/providers';
import { resolvePientegraSettings } from '@libs/providers/pientegra/pientegra.config';
import { createPientegraProvider } from '@libs/providers/pientegra/pientegra.module';
import { verifyPientegraSignature } from '@libs/providers/pientegra/pientegra.signature';
import { PollRepository, SharedPollBudget, SweepMissedWebhooks } from '@libs/reconciliation';
import { noPollMetrics } from '../support/silent-metrics';
import { createSandbox, type Sandbox } from '@libs/sandbox';
import { createFreshDatabase, migrate, queryOnce } from '../support/database';
import { freePort, waitUntil } from '../support/processes';

// The missed-webhook sweeper against the sandbox's Pientegra: events our endpoint failed to take are listed
// (deliveryStatus=FAILED,DEAD) and replayed; events the inbox already holds are not; a run replays a bounded number.
interface Delivery {
  eventId: string;
  body: Buffer;
  signature: string;
  answered: number;
}

describe('missed-webhook sweeper (Pientegra events listing + replay)', () => {
  let database: Awaited<ReturnType<typeof createFreshDatabase>>;
  let dataSource: DataSource;
  let sandbox: Sandbox;
  let sandboxUrl: string;
  let receiver: http.Server;
  let provider: PayoutProvider;
  let failing = true;
  const deliveries: Delivery[] = [];

  const submit = async (): Promise<string> => {
    const outcome = await provider.submit({
      payoutId: randomUUID(),
      attemptId: randomUUID(),
      reference: randomUUID(),
      amount: 150_000n,
      currency: 'TRY',
      beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890' },
    });
    if (outcome.kind !== 'accepted') throw new Error(`not accepted: ${outcome.kind}`);
    return outcome.providerId;
  };
  const failedEvents = async () =>
    (
      (await (await fetch(`${sandboxUrl}/_sandbox/transfers?provider=pientegra`)).json()) as {
        data: { providerId: string; webhooks: { httpStatus: number }[] }[];
      }
    ).data;
  const sweeper = (maxReplaysPerRun: number) =>
    new SweepMissedWebhooks(
      { names: () => ['pientegra'], find: () => provider, isEnabled: () => true },
      new PollRepository(dataSource.manager),
      new SharedPollBudget(new InMemoryRateBudget(), 0.5),
      noPollMetrics,
      { maxReplaysPerRun },
    );

  beforeAll(async () => {
    database = await createFreshDatabase('poller_missed_webhooks');
    await migrate(database.url);
    dataSource = new DataSource({ type: 'postgres', url: database.url, entities: [] });
    await dataSource.initialize();
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const answered = failing ? 500 : 200;
        deliveries.push({
          eventId: String(req.headers['pientegra-event-id']),
          body: Buffer.concat(chunks),
          signature: String(req.headers['pientegra-signature']),
          answered,
        });
        res.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const sandboxPort = await freePort();
    sandbox = createSandbox({
      port: sandboxPort,
      webhookTarget: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
      webhookDelayMs: 10,
      // A failed delivery is not retried during the test: only a replay sends it again.
      webhookRetryBaseMs: 3_600_000,
      timeoutHoldMs: 2_000,
      tokenTtlMs: 3_600_000,
      pientegraApiKey: PIENTEGRA_PUBLISHED_CREDENTIALS.apiKey,
      pientegraWebhookSecrets: [PIENTEGRA_PUBLISHED_CREDENTIALS.webhookSecret],
      sipayClientId: SIPAY_PUBLISHED_CREDENTIALS.clientId,
      sipayClientSecret: SIPAY_PUBLISHED_CREDENTIALS.clientSecret,
      sipayWebhookToken: SIPAY_PUBLISHED_CREDENTIALS.webhookToken,
    });
    sandboxUrl = (await sandbox.listen()).url;
    const config = new ConfigService({ NODE_ENV: 'test', SANDBOX_PORT: String(sandboxPort) });
    provider = createPientegraProvider(resolvePientegraSettings(config), {
      budget: new InMemoryRateBudget(),
      logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
    });
  });
  afterAll(async () => {
    await sandbox?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    await dataSource?.destroy();
    await database?.drop();
  });

  it('replays what our endpoint missed, skips what the inbox holds, and bounds a run', async () => {
    const withdrawals = [await submit(), await submit()];
    await waitUntil(async () => deliveries.length === 2, 10_000, 'two failed deliveries');
    expect((await failedEvents()).every((t) => t.webhooks.every((w) => w.httpStatus === 500))).toBe(true);
    // The second event reached the inbox after all (say our answer was too slow for Pientegra).
    const held = deliveries.find((d) => d.body.toString('utf8').includes(withdrawals[1]))!;
    await queryOnce(
      database.url,
      `INSERT INTO webhook_inbox (provider, dedupe_key, status, raw_body, headers, received_at)
       VALUES ('pientegra', $1, 'processed', $2, '{}', now())`,
      [held.eventId, held.body],
    );
    failing = false;

    const [first] = await sweeper(10).run();
    expect(first).toMatchObject({ provider: 'pientegra', undelivered: 2, replayed: 1, alreadyHeld: 1 });
    const replayed = await waitUntil(
      async () => deliveries.find((d) => d.answered === 200),
      10_000,
      'the replayed delivery',
    );
    const original = deliveries.find((d) => d.eventId === replayed.eventId && d.answered === 500)!;
    expect(replayed.body.toString('utf8')).toContain(withdrawals[0]);
    expect(Buffer.compare(replayed.body, original.body)).toBe(0);
    const verification = verifyPientegraSignature(
      { headers: { 'pientegra-signature': replayed.signature }, rawBody: replayed.body, receivedAt: new Date() },
      [PIENTEGRA_PUBLISHED_CREDENTIALS.webhookSecret],
    );
    expect(verification).toEqual({ ok: true });

    failing = true;
    await Promise.all([submit(), submit(), submit()]);
    await waitUntil(async () => deliveries.filter((d) => d.answered === 500).length === 5, 10_000, 'three more');
    failing = false;
    const [bounded] = await sweeper(2).run();
    expect(bounded).toMatchObject({ undelivered: 4, replayed: 2, alreadyHeld: 1 });
  });
});
