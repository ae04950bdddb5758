// Test support only (test/e2e, test/integration): never imported by production code.
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ANSWERED_ATTEMPT_KEY, claimedSend } from '@libs/dispatch';
import {
  bankCodeFromTurkishIban,
  PiiCipher,
  resolvePiiKeys,
  TransitionPayout,
  TypeOrmPayoutStore,
  TypeOrmUnitOfWork,
  type MinorUnits,
  type PayoutStatus,
} from '@libs/payouts';
import { ConfigService, platformConfig } from '@libs/platform/config';
import {
  InMemoryRateBudget,
  InMemoryTokenStore,
  submitRequestFor,
  type PayoutProvider,
  type SubmitOutcome,
} from '@libs/providers';
import { resolvePientegraSettings } from '@libs/providers/pientegra/pientegra.config';
import { createPientegraProvider } from '@libs/providers/pientegra/pientegra.module';
import { resolveSipaySettings } from '@libs/providers/sipay/sipay.config';
import { createSipayProvider } from '@libs/providers/sipay/sipay.module';
import { planNextCheck } from '@libs/reconciliation';

const QUIET = { log: () => undefined, warn: () => undefined, error: () => undefined };

export const TEST_BENEFICIARY = { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' };

export interface SubmittedPayout {
  payoutId: string;
  attemptId: string;
  reference: string;
  outcome?: SubmitOutcome;
}

/**
 * Payouts written through the payout use cases' own persistence, and submitted to the sandbox through the real
 * adapters, the way dispatch does it, without a dispatch job: tests of webhooks and polling then depend on neither
 * routing nor the dispatch worker. Adapters and the PII key come from the same environment as the stack.
 */
export class DirectPayouts {
  readonly store: TypeOrmPayoutStore;
  readonly transition: TransitionPayout;
  readonly providers: Record<string, PayoutProvider>;
  private readonly unitOfWork: TypeOrmUnitOfWork;
  private readonly timeScale: number;

  private constructor(
    private readonly dataSource: DataSource,
    env: Record<string, string | undefined>,
    private readonly clientId: string,
  ) {
    const config = new ConfigService(env);
    const { current, previous } = resolvePiiKeys(config);
    const cipher = new PiiCipher(current, previous);
    this.unitOfWork = new TypeOrmUnitOfWork(dataSource, cipher);
    this.store = new TypeOrmPayoutStore(dataSource.manager, cipher);
    this.transition = new TransitionPayout(this.unitOfWork, { now: () => new Date() });
    this.timeScale = config.get(platformConfig).pollTimeScale;
    this.providers = {
      pientegra: createPientegraProvider(resolvePientegraSettings(config), {
        budget: new InMemoryRateBudget(),
        logger: QUIET,
      }),
      sipay: createSipayProvider(resolveSipaySettings(config), { tokenStore: new InMemoryTokenStore(), logger: QUIET }),
    };
  }

  static async open(databaseUrl: string, env: Record<string, string | undefined>, clientId: string) {
    const dataSource = new DataSource({ type: 'postgres', url: databaseUrl, entities: [], poolSize: 4 });
    await dataSource.initialize();
    return new DirectPayouts(dataSource, env, clientId);
  }

  close(): Promise<void> {
    return this.dataSource.destroy();
  }

  /**
   * A payout already in `submitting` with a committed attempt at `provider` (nothing sent yet). Its next check is an
   * hour away unless given, so no poller touches it before the test submits it.
   */
  async createSubmitting(params: {
    amount: bigint;
    provider: string;
    reference?: string;
    nextCheckAt?: Date;
    /** Pin the provider on the payout (default), or leave routing free to choose another on failover. */
    pin?: boolean;
  }): Promise<SubmittedPayout> {
    const now = new Date();
    const later = params.nextCheckAt ?? new Date(now.getTime() + 3_600_000);
    const payoutId = await this.unitOfWork.run(async (store) => {
      const payout = await store.payouts.insert({
        clientId: this.clientId,
        amount: params.amount as MinorUnits,
        currency: 'TRY',
        beneficiary: { ...TEST_BENEFICIARY, bankCode: bankCodeFromTurkishIban(TEST_BENEFICIARY.iban) ?? null },
        customer: null,
        reference: null,
        description: null,
        metadata: {},
        requestedProvider: params.pin === false ? null : params.provider,
        nextCheckAt: later,
        createdAt: now,
        scheduledFor: null,
      });
      await store.events.append({
        payoutId: payout.id,
        clientId: payout.clientId,
        version: payout.version,
        from: null,
        to: 'pending',
        source: 'api',
        actor: null,
        evidence: null,
        applied: true,
        reason: 'created',
        detail: 'created by a test',
        snapshot: null,
        createdAt: now,
      });
      return payout.id;
    });
    const reference = params.reference ?? randomUUID();
    const result = await this.transition.apply(
      payoutId,
      { to: 'submitting', source: 'dispatch' },
      {
        newAttempt: { provider: params.provider, reference, submittedAt: now },
        route: { provider: params.provider, routing: { ruleId: null, ruleVersion: null, reason: 'test' } },
        nextCheckAt: later,
      },
    );
    if (!result.attempt) throw new Error(`payout ${payoutId} got no attempt`);
    // This test plays the dispatch worker: dispatch's reaper must not send the attempt on its own (it resends only
    // attempts no dispatch event has claimed), so what is sent, and when, stays the test's decision.
    await this.transition.apply(payoutId, {
      to: 'submitting',
      source: 'dispatch',
      evidence: { [ANSWERED_ATTEMPT_KEY]: result.attempt.id, by: 'test' },
    });
    return { payoutId, attemptId: result.attempt.id, reference };
  }

  /** Sends the attempt and applies the answer as dispatch would; the next check follows the lifecycle schedule. */
  async submit(payout: SubmittedPayout): Promise<SubmitOutcome> {
    const stored = await this.store.payouts.find(payout.payoutId);
    const attempt = await this.store.attempts.find(payout.attemptId);
    if (!stored || !attempt) throw new Error(`payout ${payout.payoutId} or its attempt is missing`);
    const provider = this.providers[attempt.provider];
    const beneficiary = await this.store.beneficiaries.loadBeneficiaryForSubmission(payout.payoutId);
    // Claimed before the first byte leaves, as dispatch does (invariant 2a): the call number is the refusal's proof.
    const call = claimedSend(() => this.store.attempts.claimSend(attempt.id, new Date()));
    const outcome = await provider.submit(submitRequestFor(stored, attempt, beneficiary, call.beforeFirstSend));
    const now = new Date();
    const raw = { ...outcome.raw };
    const to: PayoutStatus =
      outcome.kind === 'accepted' ? outcome.signal.status : outcome.kind === 'ambiguous' ? 'submitting' : 'failed';
    const since = outcome.kind === 'ambiguous' ? (attempt.submittedAt ?? now) : now;
    const plan = planNextCheck({
      status: to,
      capabilities: provider.capabilities,
      since,
      afterCheck: false,
      now,
      timeScale: this.timeScale,
      lookAgainMs: 3_600_000,
    });
    await this.transition.apply(
      payout.payoutId,
      {
        to,
        source: 'dispatch',
        ...(outcome.kind === 'not_executed' ? { failure: outcome.failure } : {}),
        evidence: { attemptId: attempt.id, [ANSWERED_ATTEMPT_KEY]: attempt.id, outcome: outcome.kind },
      },
      {
        attemptUpdate: {
          attemptId: attempt.id,
          lastRawAnswer: raw,
          ...(outcome.kind === 'accepted' ? { status: 'accepted', providerId: outcome.providerId } : {}),
          ...(outcome.kind === 'not_executed' ? { status: 'rejected', failure: outcome.failure } : {}),
        },
        ...(outcome.kind === 'not_executed'
          ? { notExecutedProof: { kind: 'refusal', sendNumber: call.sendNumber() } }
          : {}),
        ...(plan ? { nextCheckAt: plan.at } : {}),
      },
    );
    return outcome;
  }

  /** createSubmitting + submit. */
  async createAndSubmit(params: { amount: bigint; provider: string }): Promise<Required<SubmittedPayout>> {
    const payout = await this.createSubmitting(params);
    const outcome = await this.submit(payout);
    return { ...payout, outcome };
  }
}
