// `npm run test:chaos`: many seeds of provider chaos against the real stack, checked against the provider's record.
// Run through scripts/test-chaos.mjs, which provides Postgres and Redis (test/chaos/README.md).
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { IN_FLIGHT_STATUSES } from '@libs/payouts/domain';
import { seededRandom } from '@libs/sandbox';
import { createTestBatch } from '../support/batches';
import {
  CHAOS_INVARIANTS,
  checkBatchInvariants,
  checkRejectedBatch,
  checkChaosInvariants,
  checkRailHeldNow,
  type ChaosRails,
  type ChaosViolation,
} from '../support/chaos-invariants';
import { runCommand } from '../support/database';
import { DISPATCH_IN_FLIGHT_SQL } from '../support/fault-injection';
import { createClients } from '../support/clients';
import { Stack } from '../support/stack';
import { chaosEvidence, chaosStory } from './chaos-evidence';
import {
  ABOVE_CAP_SHARE,
  aboveCapAmountOf,
  amountOf,
  amountsCollide,
  CHAOS_FAST_MAX_AMOUNT,
  chaosEftPlan,
  batchItemAmountOf,
  batchSharesAmounts,
  parseChaosArgs,
  replayCommand,
  type ChaosRunOptions,
} from './chaos-options';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (message: string) => process.stdout.write(`[chaos] ${message}\n`);
const IN_FLIGHT: readonly string[] = IN_FLIGHT_STATUSES;
/** A share of the payouts is created scheduled a little ahead, so releases run among the kills and the chaos. */
const SCHEDULED_SHARE = 0.2;
const SCHEDULED_AHEAD_MS = { min: 300, max: 3_000 };
/**
 * A share of the payouts is created by the maker, whose payouts the approval policy holds (one approval, two from
 * APPROVAL_TWO_FROM): the checkers approve most of them, reject some and leave some to expire (APPROVAL_TIMEOUT), each
 * after a seeded delay, among the kills. Rejected and expired ones must never be sent; approved ones are paid once.
 */
const APPROVAL_SHARE = 0.25;
const APPROVAL_TWO_FROM = 103_000n; // amountOf: seeds 3 and up need two
const APPROVAL_DECISIONS = { approve: 0.7, reject: 0.15 } as const; // the rest expires
const APPROVAL_DELAY_MS = 1_000;

interface Approvals {
  maker: string;
  checkers: [string, string];
  counts: { approve: number; reject: number; expire: number };
  decisions: Promise<void>[];
}

/**
 * Fast timings: a 500 ms provider timeout against 1 s held answers; Sipay's record lags at most 1 s behind a 3 s
 * consistency window (so "not found" inside it proves nothing, and past it proves nothing was recorded); schedules
 * 500x sooner; dispatch leases short enough that a killed worker's work is taken over within seconds.
 */
export const CHAOS_ENV: Record<string, string> = {
  SANDBOX_CHAOS_SEED: '1',
  SANDBOX_CHAOS_PROFILE: 'default',
  SANDBOX_CHAOS_SIPAY_LAG: '1s',
  SANDBOX_CHAOS_LATE: '1s',
  SANDBOX_WEBHOOK_DELAY: '50ms',
  SANDBOX_WEBHOOK_RETRY_BASE: '100ms',
  SANDBOX_TIMEOUT_HOLD: '1s',
  PROVIDER_TIMEOUT: '500ms',
  POLL_TIME_SCALE: '0.002',
  SIPAY_CONSISTENCY_WINDOW: '3s',
  SIPAY_WEBHOOK_WINDOW: '1s',
  DISPATCH_LEASE_TTL: '2s',
  DISPATCH_JOB_LOCK: '3s',
  DISPATCH_REAP_AFTER: '1s',
  DISPATCH_REAPER_INTERVAL: '1s',
  DISPATCH_RESUBMIT_DELAYS: '300ms,1s',
  // What a killed worker held comes back after these leases: they outlast a lookup with its retries (500 ms each).
  RECONCILIATION_LEASE: '5s',
  WEBHOOK_PROCESSING_LEASE: '10s',
  // Chaos fails one request in five on purpose: a circuit that stays open 30 s would idle both providers for most of
  // a batch. It still opens (10 transport failures in a row) and is tested again after 2 s.
  DISPATCH_CIRCUIT_THRESHOLD: '10',
  DISPATCH_CIRCUIT_COOLDOWN: '2s',
  // Scaled by POLL_TIME_SCALE: a payout left unapproved is canceled after 4 s.
  APPROVAL_TIMEOUT: '2000s',
  API_RATE_LIMIT_PER_MINUTE: '1000000',
  // Every provider webhook comes from the sandbox on 127.0.0.1, at full speed: the per-address budget is not under test.
  PUBLIC_RATE_LIMIT_PER_MINUTE: '10000000',
  PIENTEGRA_REQUESTS_PER_MINUTE: '100000',
};

interface SeedResult {
  seed: number;
  payouts: number;
  violations: ChaosViolation[];
  /** Each violating payout's attempt references, for its story and evidence. */
  references: Map<string, { provider: string; reference: string }[]>;
}

async function main(): Promise<number> {
  const options = parseChaosArgs(process.argv.slice(2));
  const startedAt = Date.now();
  say(
    `${options.seeds.length} seed(s) from ${options.seeds[0]}, ${options.payouts} payouts each ` +
      `(${options.seeds.length * options.payouts} payouts), batches of ~${options.batchPayouts} payouts`,
  );
  if (amountsCollide(options.seeds))
    throw new Error('seeds 5,000 or more apart share amounts (chaos-options.ts aboveCapAmountOf): run them apart');
  let batchItems = options.batchItems;
  if (batchItems > 0 && batchSharesAmounts(options.seeds, options.payouts, batchItems)) {
    say(`these seeds share the payout batch's amounts: run without it`);
    batchItems = 0;
  }
  // The payout batch's client gets batch.completed on a plain-http receiver here (NODE_ENV development allows it).
  const receiver = batchItems > 0 ? await BatchReceiver.start() : undefined;
  // EFT closed at the start, open from a minute or two on (test/chaos/README.md "The rail hold").
  const eft = chaosEftPlan(new Date());
  const rails: ChaosRails = { fastMaxAmount: CHAOS_FAST_MAX_AMOUNT, opensAt: eft.opensAt };
  say(
    `FAST up to ${CHAOS_FAST_MAX_AMOUNT} minor units, EFT_WINDOW "${eft.eftWindow}"` +
      (eft.opensAt
        ? `: EFT opens ${eft.opensAt.toISOString()}`
        : ': EFT open all day (late in the Istanbul day or an official holiday), nothing is held'),
  );
  const railEnv = { FAST_MAX_AMOUNT: CHAOS_FAST_MAX_AMOUNT.toString(), EFT_WINDOW: eft.eftWindow };
  const stack = await Stack.start({
    label: 'chaos',
    workers: 2,
    env: { ...CHAOS_ENV, ...railEnv, ...(receiver ? { NODE_ENV: 'development' } : {}) },
  });
  // Ctrl-C stops the processes and drops the database instead of leaving them behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void stack.stop().finally(() => process.exit(130)));
  const sql = new Pool({ connectionString: stack.databaseUrl, max: 4 });
  const results: SeedResult[] = [];
  const railHeld: number[] = [];
  let detailed = 0;
  try {
    await createFailoverRules(stack);
    const batchClient = receiver ? await createCallbackClient(stack, receiver.url) : undefined;
    const approvals = await createApprovalPolicy(stack, batchClient?.id);
    const perBatch = Math.max(1, Math.floor(options.batchPayouts / options.payouts));
    for (let at = 0; at < options.seeds.length; at += perBatch) {
      const seeds = options.seeds.slice(at, at + perBatch);
      // The payout batch goes with the first group of seeds only (test/chaos/README.md "The payout batch").
      const withBatch =
        at === 0 && receiver && batchClient ? { items: batchItems, receiver, client: batchClient } : undefined;
      const batch = await runBatch(stack, sql, seeds, options, approvals, rails, withBatch);
      results.push(...batch.results);
      railHeld.push(batch.railHeld);
      for (const result of batch.results.filter((r) => r.violations.length > 0)) {
        detailed += await reportSeed(stack, sql, result, options, Math.max(0, options.detailLimit - detailed));
      }
    }
  } finally {
    await sql.end();
    await stack.stop();
    await receiver?.stop();
  }
  const failed = results.filter((r) => r.violations.length > 0);
  const seconds = (Date.now() - startedAt) / 1000;
  const payouts = results.reduce((n, r) => n + r.payouts, 0);
  say(
    `${results.length} seeds, ${payouts} payouts in ${seconds.toFixed(0)} s ` +
      `(${(results.length / seconds).toFixed(2)} seeds/s, ${(payouts / seconds).toFixed(1)} payouts/s); ` +
      `held for a closed rail ${railHeld.reduce((a, b) => a + b, 0)} (per group ${railHeld.join(', ')})`,
  );
  if (failed.length > 0) {
    const byInvariant = new Map<string, number[]>();
    for (const result of failed)
      for (const invariant of new Set(result.violations.map((v) => v.invariant)))
        byInvariant.set(invariant, [...(byInvariant.get(invariant) ?? []), result.seed]);
    for (const invariant of CHAOS_INVARIANTS) {
      const seeds = byInvariant.get(invariant);
      if (seeds) say(`FAIL ${invariant}: seeds ${seeds.slice(0, 20).join(', ')}${seeds.length > 20 ? ', ...' : ''}`);
    }
    say(`replay the first: ${replayCommand(failed[0].seed, options.payouts)}`);
  }
  // The plain closing line CI reads.
  console.log(`chaos: ${results.length - failed.length} passed, ${failed.length} failed`);
  return failed.length > 0 ? 1 : 0;
}

/**
 * Two rules, one per first provider, each with the other provider as its fallback: a payout whose attempt was not
 * executed fails over. The runner picks each payout's first provider from its seed (metadata `chaosFirst`), so a
 * replay sends every payout to the same provider first, which is what makes its provider behaviour replay.
 */
async function createFailoverRules(stack: Stack): Promise<void> {
  const pairs = [
    ['pientegra', 'sipay'],
    ['sipay', 'pientegra'],
  ] as const;
  for (const [index, [first, other]] of pairs.entries()) {
    const rule = await stack.call('POST', '/v1/routing/rules', {
      name: `chaos: ${first} first, ${other} on failover`,
      priority: index + 1,
      match: { metadata: { chaosFirst: first } },
      targets: [{ provider: first, weight: 1 }],
      fallback: [other],
      reason: 'chaos run',
    });
    if (rule.status !== 201) throw new Error(`the routing rule was refused: ${rule.status} ${rule.text}`);
  }
}

/**
 * The maker (its payouts need approval), two checkers, and the policy that holds the maker's payouts and every batch
 * of the payout batch's client (by its total: one approval, decision 0013).
 */
async function createApprovalPolicy(stack: Stack, batchClientId?: string): Promise<Approvals> {
  const [maker, checkerA, checkerB] = await createClients(stack.databaseUrl, [
    { name: 'chaos-maker', scopes: ['payouts:write', 'payouts:read'] },
    { name: 'chaos-checker-a', scopes: ['payouts:read', 'payouts:approve'] },
    { name: 'chaos-checker-b', scopes: ['payouts:read', 'payouts:approve'] },
  ]);
  const policy = await stack.call('PUT', '/v1/approval-policy', {
    rules: [
      { minAmount: '1', currency: 'TRY', approvals: 1, clientIds: [maker.id] },
      { minAmount: APPROVAL_TWO_FROM.toString(), currency: 'TRY', approvals: 2, clientIds: [maker.id] },
      ...(batchClientId ? [{ minAmount: '1', currency: 'TRY', approvals: 1, clientIds: [batchClientId] }] : []),
    ],
    reason: 'chaos run',
  });
  if (policy.status !== 200) throw new Error(`the approval policy was refused: ${policy.status} ${policy.text}`);
  return {
    maker: maker.key,
    checkers: [checkerA.key, checkerB.key],
    counts: { approve: 0, reject: 0, expire: 0 },
    decisions: [],
  };
}

/** The seeded decision on a payout awaiting approval, after a seeded delay; 409 (expired first) is fine. */
async function decideLater(stack: Stack, approvals: Approvals, id: string, seed: number, i: number): Promise<void> {
  const draw = seededRandom('approval', seed, i);
  const pick = draw();
  await sleep(Math.floor(draw() * APPROVAL_DELAY_MS));
  const decide = async (key: string, decision: 'approve' | 'reject') => {
    for (let tries = 0; tries < 6; tries++) {
      try {
        const answer = await stack.call(
          'POST',
          `/v1/payouts/${id}/${decision}`,
          { reason: `chaos ${decision}` },
          {
            authorization: `Bearer ${key}`,
          },
        );
        if (answer.status < 500 && answer.status !== 429) return;
      } catch {
        // no answer: again
      }
      await sleep(100 * 2 ** tries);
    }
  };
  if (pick < APPROVAL_DECISIONS.approve) {
    approvals.counts.approve++;
    // Both checkers at once: a payout that needs one is released by the first, and the second finds it moved on.
    await Promise.all(approvals.checkers.map((key) => decide(key, 'approve')));
  } else if (pick < APPROVAL_DECISIONS.approve + APPROVAL_DECISIONS.reject) {
    approvals.counts.reject++;
    await decide(approvals.checkers[Math.floor(draw() * 2)], 'reject');
  } else {
    approvals.counts.expire++;
  }
}

/** A batch decision by a checker, after a seeded delay under BATCH_DECISION_DELAY_MS; retried on no answer or 5xx. */
async function decideBatchLater(
  stack: Stack,
  key: string,
  batchId: string,
  decision: 'approve' | 'reject',
  delayMs: number,
): Promise<number | undefined> {
  await sleep(delayMs);
  for (let tries = 0; tries < 6; tries++) {
    try {
      const answer = await stack.call(
        'POST',
        `/v1/payout-batches/${batchId}/${decision}`,
        { reason: `chaos batch ${decision}` },
        { authorization: `Bearer ${key}` },
      );
      if (answer.status < 500 && answer.status !== 429) return answer.status;
    } catch {
      // no answer: again (a second vote of the same checker answers 403 or 409; the first one counted)
    }
    await sleep(100 * 2 ** tries);
  }
  return undefined;
}

/** Under APPROVAL_TIMEOUT (4 s here): the batch is approved before its deadline. */
const BATCH_DECISION_DELAY_MS = 800;
/** A small batch of the same client, rejected by a checker: its items are never sent. */
const REJECTED_BATCH_ITEMS = 5;

interface PayoutBatchRun {
  items: number;
  receiver: BatchReceiver;
  client: { id: string; key: string };
}

async function runBatch(
  stack: Stack,
  sql: Pool,
  seeds: number[],
  options: ChaosRunOptions,
  approvals: Approvals,
  rails: ChaosRails,
  payoutBatch?: PayoutBatchRun,
): Promise<{ results: SeedResult[]; railHeld: number }> {
  const began = Date.now();
  const railWatch = watchRailHolds(stack, sql, rails.opensAt);
  approvals.counts = { approve: 0, reject: 0, expire: 0 };
  const seedOf = new Map<string, number>();
  const idOf = new Map<string, string>();
  const work = seeds.flatMap((seed) => Array.from({ length: options.payouts }, (_, i) => ({ seed, i })));
  const kills = killWorkers(stack, sql, seeds, work.length + (payoutBatch?.items ?? 0));
  const balanceEpisode = drainAndTopUp(stack, seeds, work.length + (payoutBatch?.items ?? 0));
  // The payout batch, created beside the single payouts: each item's first provider (and so its failover) is drawn
  // from its index, its amount is its own, so its provider behaviour replays like a single payout's. Its items count
  // as the first seed's payouts in the checks.
  const batchCreated = payoutBatch
    ? createTestBatch(
        stack,
        Array.from({ length: payoutBatch.items }, (_, i) => ({
          amount: batchItemAmountOf(i).toString(),
          metadata: {
            chaosFirst: seededRandom('batch first provider', seeds[0], i)() < 0.5 ? 'pientegra' : 'sipay',
            chaosBatchItem: String(i),
          },
        })),
        { key: payoutBatch.client.key },
      )
    : undefined;
  // The batch needs an approval (its client's rule): a checker approves it after a seeded delay, the other rejects a
  // small batch of the same client.
  const batchDecision = batchCreated?.then((created) =>
    decideBatchLater(
      stack,
      approvals.checkers[0],
      created.batchId,
      'approve',
      Math.floor(seededRandom('batch approval', seeds[0], 0)() * BATCH_DECISION_DELAY_MS),
    ),
  );
  const rejectedBatch = payoutBatch
    ? createTestBatch(
        stack,
        Array.from({ length: REJECTED_BATCH_ITEMS }, (_, i) => ({ amount: batchItemAmountOf(i).toString() })),
        { key: payoutBatch.client.key },
      ).then(async (created) => {
        await decideBatchLater(
          stack,
          approvals.checkers[1],
          created.batchId,
          'reject',
          Math.floor(seededRandom('batch rejection', seeds[0], 0)() * BATCH_DECISION_DELAY_MS),
        );
        return created;
      })
    : undefined;
  let next = 0;
  const refused: string[] = [];
  let scheduled = 0;
  const lane = async () => {
    while (next < work.length) {
      const { seed, i } = work[next++];
      const first = seededRandom('first provider', seed, i)() < 0.5 ? 'pientegra' : 'sipay';
      const draw = seededRandom('scheduled', seed, i);
      const ahead =
        draw() < SCHEDULED_SHARE
          ? SCHEDULED_AHEAD_MS.min + Math.floor(draw() * (SCHEDULED_AHEAD_MS.max - SCHEDULED_AHEAD_MS.min))
          : undefined;
      const held = seededRandom('held for approval', seed, i)() < APPROVAL_SHARE;
      const aboveCap = seededRandom('above the FAST cap', seed, i)() < ABOVE_CAP_SHARE;
      const id = await createPayout(
        stack,
        aboveCap ? aboveCapAmountOf(seed, i) : amountOf(seed, i),
        { chaosFirst: first, chaosSeed: String(seed) },
        ahead === undefined ? undefined : new Date(Date.now() + ahead),
        held ? approvals.maker : undefined,
      );
      if (id) {
        if (ahead !== undefined) scheduled++;
        if (held) approvals.decisions.push(decideLater(stack, approvals, id, seed, i));
        seedOf.set(id, seed);
        idOf.set(`${seed}/${i}`, id);
      } else refused.push(`seed ${seed} payout ${i}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, lane));
  const createdBatch = await batchCreated;
  for (const id of createdBatch?.payoutIds ?? []) seedOf.set(id, seeds[0]);
  const batchApproval = await batchDecision;
  const rejected = await rejectedBatch;
  const intakeSeconds = (Date.now() - began) / 1000;
  await Promise.all(approvals.decisions.splice(0));
  const killed = await kills;
  const episode = await balanceEpisode;
  const railHoldsSeen = await railWatch;
  const settled = await settle(stack, sql, [...seedOf.keys()], options.settleForMs, rails.opensAt);
  const check = await checkChaosInvariants(sql, stack.sandboxUrl, [...seedOf.keys()], rails);
  if (check.violations.length > 0) {
    // The service and the sandbox are read one after the other: a payout that moved in between (possible when the
    // bound ran out before quiescence) looks wrong once. Only what still holds 3 s later is reported.
    await sleep(3_000);
    const again = await checkChaosInvariants(
      sql,
      stack.sandboxUrl,
      [...new Set(check.violations.map((v) => v.payoutId))],
      rails,
    );
    const persists = new Set(again.violations.map((v) => `${v.payoutId} ${v.invariant}`));
    check.violations = check.violations.filter((v) => persists.has(`${v.payoutId} ${v.invariant}`));
  }
  // Seen while EFT was closed: not re-checked later (the payout has since been released, rightly).
  check.violations.push(...railHoldsSeen.violations.filter((v) => seedOf.has(v.payoutId)));
  let batchLine = '';
  if (createdBatch && payoutBatch) {
    const { batchId } = createdBatch;
    // Items left in flight flagged for ops (a provider that contradicted itself) keep the batch open, rightly: ops
    // resolve them as an operator would, by the provider's record, and the batch must then close.
    const resolved = await resolveFlaggedItems(stack, sql, batchId, check.referencesOf);
    // batch.completed is tried as soon as the batch closes, behind the client's payout notifications still queued
    // (every item's changes go to the same callback): wait for it (bounded), then a moment more for any duplicate.
    const until = Date.now() + 60_000;
    while (Date.now() < until && payoutBatch.receiver.messageIdsOf(batchId).length === 0) {
      const { rows } = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM payout_batches WHERE id = $1 AND status IN ('completed', 'canceled')`,
        [batchId],
      );
      if (rows[0].n === 0) break;
      await sleep(250);
    }
    await sleep(2_000);
    const batchCheck = await checkBatchInvariants(sql, batchId, payoutBatch.receiver.messageIdsOf(batchId));
    check.violations.push(...batchCheck.violations);
    if (batchApproval !== 200) {
      check.violations.push({
        payoutId: batchId,
        invariant: 'a batch needing approval is approved by a checker',
        detail: `the approval answered ${batchApproval}`,
      });
    }
    if (rejected) {
      const rejectedCheck = await checkRejectedBatch(sql, rejected.batchId);
      check.violations.push(...rejectedCheck);
      seedOf.set(rejected.batchId, seeds[0]);
    }
    seedOf.set(batchId, seeds[0]);
    batchLine =
      `; payout batch of ${payoutBatch.items}: ${batchCheck.status} ${JSON.stringify(batchCheck.counts)}` +
      `${resolved > 0 ? `, ${resolved} flagged item(s) resolved by ops` : ''}` +
      `, batch.completed received ${new Set(payoutBatch.receiver.messageIdsOf(batchId)).size}` +
      `, approved by a checker (${batchApproval}); a rejected batch of ${REJECTED_BATCH_ITEMS} never sent` +
      (batchCheck.open > 0 ? ` (${batchCheck.open} still in flight at the provider)` : '');
  }
  const results: SeedResult[] = seeds.map((seed) => ({
    seed,
    payouts: [...seedOf.values()].filter((s) => s === seed).length,
    violations: check.violations.filter((v) => seedOf.get(v.payoutId) === seed),
    references: check.referencesOf,
  }));
  say(
    `seeds ${seeds[0]}..${seeds.at(-1)}: ${seedOf.size} payouts (${scheduled} scheduled; held for approval: ` +
      `${approvals.counts.approve} approved, ${approvals.counts.reject} rejected, ${approvals.counts.expire} left to expire; ` +
      `held for a closed rail ${check.railHeld}, ${railHoldsSeen.samples} look(s) while closed), intake ${intakeSeconds.toFixed(0)} s, ` +
      `${settled.ok ? 'settled' : `NOT settled (${settled.waitingFor})`} after ${((Date.now() - began) / 1000).toFixed(0)} s ` +
      `(in flight unflagged ${check.unsettled}, flagged ${check.flagged}), workers killed ${killed}, ${episode}, ` +
      `violations ${check.violations.length}${refused.length ? `, intake refused ${refused.length}` : ''}; ` +
      `provider->payout ${JSON.stringify(check.truthPairs)}${batchLine}`,
  );
  if (options.printStories) {
    for (const { seed, i } of work) {
      const id = idOf.get(`${seed}/${i}`);
      const story = id ? await chaosStory(stack.sandboxUrl, check.referencesOf.get(id) ?? []) : 'not created';
      say(`story ${seed}/${i}: ${story.replace(/ [0-9a-f]{8}:/g, ':')}`);
    }
  }
  if (!settled.ok) await reportUnsettled(stack, sql, [...seedOf.keys()], check.referencesOf);
  return { results, railHeld: check.railHeld };
}

/**
 * While EFT is closed (until a few seconds before `opensAt`), every RAIL_WATCH_EVERY_MS: the payouts held `scheduled`
 * for the closed rail have nothing moving (checkRailHeldNow). Violations are kept once per payout and invariant.
 */
const RAIL_WATCH_EVERY_MS = 5_000;
async function watchRailHolds(
  stack: Stack,
  sql: Pool,
  opensAt: Date | undefined,
): Promise<{ samples: number; violations: ChaosViolation[] }> {
  const found = new Map<string, ChaosViolation>();
  let samples = 0;
  // Stops 2 s before the opening: a release at the opening may race the two reads.
  while (opensAt !== undefined && Date.now() < opensAt.getTime() - 2_000) {
    const seen = await checkRailHeldNow(sql, stack.sandboxUrl);
    samples++;
    for (const violation of seen.violations) found.set(`${violation.payoutId} ${violation.invariant}`, violation);
    await sleep(Math.min(RAIL_WATCH_EVERY_MS, Math.max(0, opensAt.getTime() - 2_000 - Date.now())));
  }
  return { samples, violations: [...found.values()] };
}

/** The payouts still in flight unflagged when the bound ran out (not a violation by itself), with their stories. */
async function reportUnsettled(
  stack: Stack,
  sql: Pool,
  ids: string[],
  referencesOf: Map<string, { provider: string; reference: string }[]>,
): Promise<void> {
  const { rows } = await sql.query<{ id: string; status: string; next_check_at: Date | null }>(
    `SELECT id, status, next_check_at FROM payouts WHERE id = ANY($1::uuid[]) AND status = ANY($2::text[])
     AND NOT needs_attention AND NOT contradiction LIMIT 5`,
    [ids, IN_FLIGHT],
  );
  for (const row of rows) {
    const story = await chaosStory(stack.sandboxUrl, referencesOf.get(row.id) ?? []);
    say(`  still in flight: ${row.id} ${row.status}, next check ${row.next_check_at?.toISOString() ?? '-'}; ${story}`);
  }
}

/** POST /v1/payouts; the same key again on no answer, 5xx, 409 or 429. Returns the payout id. */
async function createPayout(
  stack: Stack,
  amount: bigint,
  metadata: Record<string, string>,
  scheduledFor?: Date,
  makerKey?: string,
): Promise<string | undefined> {
  const key = randomUUID();
  const body = {
    amount: amount.toString(),
    currency: 'TRY',
    beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' },
    reference: key,
    metadata,
    ...(scheduledFor ? { scheduledFor: scheduledFor.toISOString() } : {}),
  };
  for (let tries = 0; tries < 8; tries++) {
    try {
      const answer = await stack.call<{ id?: string }>('POST', '/v1/payouts', body, {
        'idempotency-key': key,
        ...(makerKey ? { authorization: `Bearer ${makerKey}` } : {}),
      });
      if (answer.status >= 200 && answer.status < 300 && answer.body.id) return answer.body.id;
      if (answer.status < 500 && answer.status !== 409 && answer.status !== 429) return undefined;
    } catch {
      // no answer: the same key again
    }
    await sleep(200 * 2 ** tries);
  }
  return undefined;
}

/**
 * SIGKILLs one worker (chosen by the seeds) at one or two seeded moments of the batch, each while a provider call is
 * in flight when one comes within 3 s, and starts a new one. The moments are seeded; what is in flight at that moment
 * depends on timing, so kills replay only approximately (the provider's behaviour replays exactly).
 */
async function killWorkers(stack: Stack, sql: Pool, seeds: number[], payouts: number): Promise<number> {
  const random = seededRandom('kills', seeds.join(','));
  const count = 1 + (random() < 0.5 ? 1 : 0);
  const spanMs = Math.max(1_000, payouts * 15);
  const moments = Array.from({ length: count }, () => Math.floor(random() * spanMs)).sort((a, b) => a - b);
  const began = Date.now();
  let killed = 0;
  for (const moment of moments) {
    await sleep(Math.max(0, began + moment - Date.now()));
    const until = Date.now() + 3_000;
    while (Date.now() < until && (await sql.query<{ n: number }>(DISPATCH_IN_FLIGHT_SQL)).rows[0].n === 0)
      await sleep(10);
    const live = stack.processes.workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    if (live.length === 0) continue;
    await live[Math.floor(random() * live.length)].stop('SIGKILL');
    killed++;
    await stack.addWorker();
  }
  return killed;
}

/**
 * A seeded provider balance episode (money-movement.md): at a seeded moment of the batch one provider's wallet, or
 * both, is drained to zero in the sandbox, and at a later seeded moment made unlimited again. Meanwhile its sends are
 * refused as the provider refuses them (Sipay 311, Pientegra 422 insufficient_balance): payouts fail over, or wait in
 * pending held for a balance until the top-up (Sipay's scheduled read sees it, Pientegra's held payouts are tried
 * again); the invariants still hold for every payout. Like the kills, it replays approximately (seeded moments).
 */
async function drainAndTopUp(stack: Stack, seeds: number[], payouts: number): Promise<string> {
  const random = seededRandom('balance episode', seeds.join(','));
  const draw = random();
  const providers = draw < 0.4 ? ['pientegra'] : draw < 0.8 ? ['sipay'] : ['pientegra', 'sipay'];
  const spanMs = Math.max(1_000, payouts * 15);
  const drainAt = Math.floor((random() * spanMs) / 2);
  const topUpAt = drainAt + 500 + Math.floor((random() * spanMs) / 2);
  const began = Date.now();
  const setBalance = (balance: string | null) =>
    Promise.all(providers.map((name) => stack.sandbox('PUT', `/_sandbox/providers/${name}`, { balance })));
  await sleep(drainAt);
  await setBalance('0');
  await sleep(Math.max(0, began + topUpAt - Date.now()));
  await setBalance(null);
  return `${providers.join('+')} drained ${drainAt}-${topUpAt} ms`;
}

/**
 * Until the sandbox has nothing left to do (no outcome timer, no webhook delivery), the inbox has no webhook waiting
 * to be processed, and no payout of the batch is in flight unflagged; or the bound. A `succeeded` payout is not in
 * flight, so a return still in the inbox would otherwise be checked before it is applied.
 */
async function settle(
  stack: Stack,
  sql: Pool,
  ids: string[],
  quietForMs: number,
  eftOpensAt?: Date,
): Promise<{ ok: boolean; waitingFor: string }> {
  // Waits while the batch makes progress (a loaded machine is slow, not wrong): stops after `quietForMs` without
  // one more payout settling, and in any case after four times that. Payouts held for a closed rail cannot settle
  // before EFT opens: the quiet time and the bound count from the opening.
  const from = Math.max(Date.now(), eftOpensAt?.getTime() ?? 0);
  const hardStop = from + 4 * quietForMs;
  let lastProgressAt = from;
  let fewest = Number.POSITIVE_INFINITY;
  let quietChecks = 0;
  let waitingFor = '';
  while (Date.now() < hardStop && Date.now() - lastProgressAt < quietForMs) {
    const { data } = await stack.sandbox<{ data: { pending: Record<string, number> } }>('GET', '/_sandbox/chaos');
    const sandboxIdle = data.pending.outcomeTimers === 0 && data.pending.webhookDeliveries === 0;
    const [row] = (
      await sql.query<{ inFlight: number; inbox: number }>(
        `SELECT (SELECT count(*)::int FROM payouts WHERE id = ANY($1::uuid[]) AND status = ANY($2::text[])
                   AND NOT needs_attention AND NOT contradiction) AS "inFlight",
                (SELECT count(*)::int FROM webhook_inbox WHERE status = 'received') AS inbox`,
        [ids, IN_FLIGHT],
      )
    ).rows;
    if (row.inFlight < fewest) {
      fewest = row.inFlight;
      lastProgressAt = Math.max(lastProgressAt, Date.now());
    }
    quietChecks = sandboxIdle && row.inFlight === 0 && row.inbox === 0 ? quietChecks + 1 : 0;
    if (quietChecks >= 2) return { ok: true, waitingFor: '' };
    waitingFor =
      `payouts in flight ${row.inFlight}, inbox rows received ${row.inbox}, ` +
      `sandbox timers ${data.pending.outcomeTimers}, webhook deliveries ${data.pending.webhookDeliveries}`;
    await sleep(500);
  }
  return { ok: false, waitingFor };
}

async function reportSeed(
  stack: Stack,
  sql: Pool,
  result: SeedResult,
  options: ChaosRunOptions,
  detailBudget: number,
): Promise<number> {
  const lines = [`VIOLATION seed ${result.seed}: ${result.violations.length} violation(s)`];
  const byPayout = new Map<string, ChaosViolation[]>();
  for (const v of result.violations) byPayout.set(v.payoutId, [...(byPayout.get(v.payoutId) ?? []), v]);
  let detailed = 0;
  for (const [payoutId, violations] of byPayout) {
    const references = result.references.get(payoutId) ?? [];
    for (const violation of violations)
      lines.push(`  ${violation.invariant} — payout ${payoutId}: ${violation.detail}`);
    lines.push(`    story: ${await chaosStory(stack.sandboxUrl, references)}`);
    if (detailed < detailBudget) {
      detailed++;
      lines.push(await chaosEvidence(sql, stack.sandboxUrl, payoutId, references));
    }
  }
  lines.push(`  replay: ${replayCommand(result.seed, options.payouts)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return detailed;
}

/**
 * The batch's items still in flight and flagged for ops, resolved through `POST /v1/ops/payouts/{id}/resolve` by what
 * the provider recorded (a transfer sent or returned: succeeded; none, or only rejected ones: failed); an item the
 * provider still holds is left in flight. Returns how many were resolved.
 */
async function resolveFlaggedItems(
  stack: Stack,
  sql: Pool,
  batchId: string,
  referencesOf: Map<string, { provider: string; reference: string }[]>,
): Promise<number> {
  const { rows } = await sql.query<{ id: string }>(
    `SELECT id FROM payouts WHERE batch_id = $1 AND status = ANY($2::text[]) AND (needs_attention OR contradiction)`,
    [batchId, IN_FLIGHT],
  );
  let resolved = 0;
  for (const { id } of rows) {
    const statuses: string[] = [];
    for (const { reference } of referencesOf.get(id) ?? []) {
      const { data } = await stack.sandbox<{ data: { status: string }[] }>(
        'GET',
        `/_sandbox/transfers?reference=${encodeURIComponent(reference)}`,
      );
      statuses.push(...data.map((transfer) => transfer.status));
    }
    if (statuses.some((status) => status === 'processing' || status === 'manual_review')) continue;
    const paid = statuses.some((status) => status === 'sent' || status === 'returned');
    const answer = await stack.call('POST', `/v1/ops/payouts/${id}/resolve`, {
      status: paid ? 'succeeded' : 'failed',
      reason: 'chaos run: a flagged batch item resolved by the provider record',
      evidence: `sandbox transfers: ${statuses.join(', ') || 'none'}`,
    });
    if (answer.status === 200) resolved++;
    else say(`  could not resolve flagged batch item ${id}: ${answer.status} ${answer.text.slice(0, 200)}`);
  }
  return resolved;
}

/** The payout batch's client: created with the CLI, its callbacks to `callbackUrl`. */
async function createCallbackClient(stack: Stack, callbackUrl: string): Promise<{ id: string; key: string }> {
  const created = await runCommand(
    'node',
    [
      '-r',
      '@swc-node/register',
      'apps/api/src/cli.ts',
      'clients:create',
      '--name',
      'chaos-batch',
      '--scopes',
      'payouts:write,payouts:read',
      '--callback-url',
      callbackUrl,
      '--json',
    ],
    { ...stack.env, LOG_LEVEL: 'silent' },
  );
  if (created.code !== 0) throw new Error(`clients:create failed: ${created.output}`);
  return JSON.parse(created.output.trim().split('\n').pop() ?? '') as { id: string; key: string };
}

/** A callback endpoint that answers 200 and keeps the message id of every batch.completed, per batch. */
class BatchReceiver {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly messages: Map<string, string[]>,
  ) {}

  static async start(): Promise<BatchReceiver> {
    const messages = new Map<string, string[]>();
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type?: string; data?: { id?: string } };
          if (body.type === 'batch.completed' && body.data?.id) {
            messages.set(body.data.id, [...(messages.get(body.data.id) ?? []), String(request.headers['webhook-id'])]);
          }
        } catch {
          // not JSON: not ours to judge here
        }
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new BatchReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, messages);
  }

  messageIdsOf(batchId: string): string[] {
    return this.messages.get(batchId) ?? [];
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[chaos] the run could not finish: ${(error as Error).stack ?? String(error)}\n`);
    console.log('chaos: 0 passed, 0 failed (the run did not finish)');
    process.exit(2);
  },
);
