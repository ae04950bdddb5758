import { spawn } from 'node:child_process';
import { PIENTEGRA_SANDBOX_DEFAULTS } from '@libs/providers/pientegra/pientegra.sandbox-defaults';
import { createHmac, randomUUID } from 'node:crypto';
import os from 'node:os';
import { freePort, waitUntil } from '../../test/support/processes';
import { gapText, whatBounds } from '../lib/bound';
import type { BenchContext, Figure, TargetRow } from '../lib/context';
import { ratio, runHttpLoad, type LoadFigure } from '../lib/load';
import { profileApi } from '../lib/profiling';

const CONNECTIONS = [8, 32] as const;
/** Issue 18, target 2: at 8 connections, a quarter of the raw HTTP ceiling measured in the same run. */
const TARGET_RATIO_TO_RAW = 0.25;
const TARGET_CONNECTIONS = 8;
const TARGET_P99_MS = 20;

// The raw HTTP ceiling on this machine: Node's http module, reading the body and answering 200, in its own process.
const TRIVIAL_SERVER = `
  const port = Number(process.argv[1]);
  require('node:http').createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"received":true}');
    });
  }).listen(port, '127.0.0.1');`;

/** A signed `withdrawal.sent` delivery as Pientegra sends it, each with its own event and withdrawal id. */
function signedDelivery(secret: string): { headers: Record<string, string>; body: string } {
  const eventId = `evt_${randomUUID()}`;
  const body = JSON.stringify({
    eventId,
    eventType: 'withdrawal.sent',
    occurredAt: new Date().toISOString(),
    withdrawal: {
      withdrawalId: `wd_${randomUUID()}`,
      referenceNo: `ref_${randomUUID()}`,
      externalUserId: 'user-12345',
      amount: '250000',
      currency: 'TRY',
      status: 'SENT',
    },
  });
  const timestamp = String(Date.now());
  const signature = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return {
    headers: { 'pientegra-signature': `t=${timestamp},v1=${signature}`, 'pientegra-event-id': eventId },
    body,
  };
}

/**
 * Signed Pientegra deliveries to POST /v1/webhooks/pientegra (verify, parse once, store sealed in one INSERT; workers
 * claim the row from the inbox) at 8 and 32 connections,
 * next to a trivial Node server that answers 200, driven by the same generator with the same signed bodies. No
 * worker runs: the inbox rows wait (the end-to-end part processes webhooks).
 */
export async function benchWebhooks(context: BenchContext): Promise<Figure[]> {
  const { stack, seconds } = context;
  const secret = PIENTEGRA_SANDBOX_DEFAULTS.webhookSecret;
  const load = (url: string, connections: number, duration: number) =>
    runHttpLoad({
      url,
      connections,
      seconds: duration,
      headers: { 'content-type': 'application/json' },
      build: () => signedDelivery(secret),
    });
  const port = await freePort();
  const trivial = spawn('node', ['-e', TRIVIAL_SERVER, String(port)], { stdio: 'ignore' });
  const trivialUrl = `http://127.0.0.1:${port}/v1/webhooks/pientegra`;
  const apiUrl = `${stack.apiUrl}/v1/webhooks/pientegra`;
  try {
    await waitUntil(
      async () => (await fetch(trivialUrl, { method: 'POST', body: '{}' })).ok,
      10_000,
      'the trivial server',
    );
    await context.emptyPayoutTables();
    await load(apiUrl, 8, 3); // warm-up
    await load(trivialUrl, 8, 3);
    const figures: Figure[] = [];
    for (const connections of CONNECTIONS) {
      const raw = await load(trivialUrl, connections, seconds);
      const { result: api, resources, machineCpu } = await context.measure(() => load(apiUrl, connections, seconds));
      context.recordMemory('webhooks', resources);
      const figure = webhookFigure(connections, api, raw, resources);
      const bound = whatBounds(resources, machineCpu, os.cpus().length);
      figures.push({
        ...figure,
        machineCpu,
        ...(connections === TARGET_CONNECTIONS ? { targets: [targetRow(figure, api, raw, bound)] } : {}),
      });
    }
    if (context.profiling && figures.some((figure) => !figure.met)) {
      figures[0].profile = await profileApi(context, 'webhooks', () => load(apiUrl, 8, seconds));
    }
    return figures;
  } finally {
    trivial.kill('SIGKILL');
  }
}

function webhookFigure(connections: number, api: LoadFigure, raw: LoadFigure, resources: Figure['resources']): Figure {
  const rawRatio = ratio(api.perSecond, raw.perSecond);
  const targetRatio = ratio(rawRatio, TARGET_RATIO_TO_RAW);
  const counted = connections === TARGET_CONNECTIONS;
  return {
    part: 'webhooks',
    name: `signed Pientegra webhooks, ${connections} connections`,
    value: { perSecond: round(api.perSecond), p50Ms: api.p50Ms, p99Ms: api.p99Ms, ok: api.ok, failed: api.failed },
    baseline: {
      what: `trivial Node HTTP server answering 200, ${connections} connections`,
      perSecond: round(raw.perSecond),
      p50Ms: raw.p50Ms,
      p99Ms: raw.p99Ms,
    },
    ratio: rawRatio,
    target: counted
      ? `≥ ${TARGET_RATIO_TO_RAW}× the raw HTTP ceiling, p99 < ${TARGET_P99_MS} ms`
      : 'none (reported beside the 8-connection target)',
    met: !counted || (rawRatio >= TARGET_RATIO_TO_RAW && api.p99Ms < TARGET_P99_MS && api.failed === 0),
    checks: [
      `≥ ${TARGET_RATIO_TO_RAW}× the raw HTTP ceiling: ${round(api.perSecond)}/s = ${rawRatio}× (${targetRatio}× the target)`,
      `p99 < ${TARGET_P99_MS} ms: ${api.p99Ms} ms`,
    ],
    resources,
  };
}

/** Issue 18, target 2, as bench/README.md shows it. */
function targetRow(figure: Figure, api: LoadFigure, raw: LoadFigure, bound: string): TargetRow {
  const throughput = gapText('throughput', figure.ratio, TARGET_RATIO_TO_RAW, 'at least');
  const p99 = gapText('p99', api.p99Ms, TARGET_P99_MS, 'at most');
  const missed = [throughput, p99].filter((check) => !check.met);
  return {
    target: `2. webhooks ≥ ${TARGET_RATIO_TO_RAW}× the raw HTTP ceiling, p99 < ${TARGET_P99_MS} ms, ${TARGET_CONNECTIONS} connections`,
    measured: `${round(api.perSecond)}/s, p50 ${api.p50Ms} ms, p99 ${api.p99Ms} ms${api.failed > 0 ? `, ${api.failed} failed` : ''}`,
    baseline: `raw Node HTTP ${round(raw.perSecond)}/s`,
    ratio: `${figure.ratio}× raw`,
    met: figure.met,
    ...(figure.met
      ? {}
      : { gap: missed.map((check) => check.text).join('; ') || `${api.failed} requests failed`, bound }),
  };
}

const round = (value: number) => Math.round(value * 10) / 10;
