import type { ChaosEngine } from '../chaos/chaos-engine';
import { playTransferPlan } from '../chaos/chaos-outcomes';
import type { LookupBehaviour, SendBehaviour } from '../chaos/chaos-profile';
import { chaosLookupReply, chaosSendReply, isRefusal } from '../chaos/chaos-replies';
import {
  SEEDED_HOLDER,
  SEEDED_IBAN,
  seededAt,
  type ProviderEmulator,
  type ReleaseResult,
  type SeedSpec,
} from '../control/provider-emulator';
import { scheduleOutcomes } from '../scenarios/outcome-timeline';
import { ReviewRelease, scenarioOf, ScenarioRow } from '../scenarios/scenario.table';
import { empty, header, json, Reply, SandboxRequest } from '../server/http-io';
import type { ProviderWallets } from '../server/provider-wallets';
import type { TimerSet } from '../server/timer-set';
import { advanceStatus } from '../store/transfer';
import type { PientegraTransfer } from './pientegra.transfer';
import type { ChaosOutcome } from '../chaos/chaos-outcomes';
import type { TransferStore } from '../store/transfer.store';
import { notFound, pientegraError } from './pientegra.errors';
import type { PientegraEvents } from './pientegra.events';
import { fingerprintOf, PientegraIdempotency } from './pientegra.idempotency';
import { newPientegraId, ReferenceNumbers } from './pientegra.ids';
import type { PientegraNotifier } from './pientegra.notifier';
import type { PientegraCreateWithdrawal } from './pientegra.types';
import { validateCreateWithdrawal } from './pientegra.validation';
import { withdrawalView } from './pientegra.views';
import { PIENTEGRA_SCENARIOS, PientegraEventType } from './pientegra.scenarios';

export interface PientegraEmulatorDeps {
  store: TransferStore;
  wallets: ProviderWallets;
  events: PientegraEvents;
  notifier: PientegraNotifier;
  timers: TimerSet;
  webhookDelayMs: number;
  timeoutHoldMs: number;
  /** Chaos mode: when enabled, it decides every create and lookup instead of the scenario table. */
  chaos: ChaosEngine;
  now: () => Date;
}

const CHAOS_EVENT: Readonly<Record<ChaosOutcome, PientegraEventType>> = {
  sent: 'withdrawal.sent',
  rejected: 'withdrawal.rejected',
  returned: 'withdrawal.returned',
};

const throttled = (): Reply =>
  pientegraError(429, 'rate_limited', 'too many requests', undefined, { 'retry-after': '1' });

/** Pientegra's refusals for the chaos behaviours it has (Sipay-only ones fall back to a normal answer). */
function pientegraRefusal(behaviour: SendBehaviour | LookupBehaviour): Reply | undefined {
  switch (behaviour) {
    case 'refuse_401':
      return pientegraError(401, 'unauthorized', 'invalid or missing API key');
    case 'refuse_403':
      return pientegraError(403, 'forbidden', 'this API key may not do that');
    case 'refuse_400':
      return pientegraError(400, 'validation_failed', 'the request is invalid', [
        { field: 'targetIban', message: 'invalid' },
      ]);
    case 'refuse_409':
      return pientegraError(409, 'idempotency_conflict', 'this Idempotency-Key was used with a different body');
    case 'refuse_422':
      return pientegraError(422, 'validation_failed', 'targetHolderName does not match the holder of targetIban', [
        { field: 'targetHolderName', message: 'does not match the IBAN holder' },
      ]);
    default:
      return undefined;
  }
}

const REVIEW_EVENT: Readonly<Record<ReviewRelease, PientegraEventType>> = {
  sent: 'withdrawal.sent',
  rejected: 'withdrawal.rejected',
};

/** Create-withdrawal as Pientegra answers it, per scenario row; and the review / redelivery controls. */
export class PientegraEmulator implements ProviderEmulator {
  private readonly idempotency = new PientegraIdempotency();
  /** Keys whose first request already got its scenario 51 / 52 failure. */
  private failedOnce = new Set<string>();
  private readonly referenceNumbers = new ReferenceNumbers();

  constructor(private readonly deps: PientegraEmulatorDeps) {}

  createWithdrawal(request: SandboxRequest): Reply {
    const key = header(request, 'idempotency-key');
    if (!key || key.length > 255) {
      return pientegraError(400, 'validation_failed', 'the Idempotency-Key header is required', [
        { field: 'Idempotency-Key', message: 'required, 1..255 characters' },
      ]);
    }
    request.reference = key;
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return pientegraError(400, 'validation_failed', 'the body is not valid JSON');
    }
    const fingerprint = fingerprintOf(body);
    const previous = this.idempotency.lookup(key, fingerprint);
    if (this.deps.chaos.enabled && previous.kind !== 'conflict')
      return this.chaosCreate(request, key, body, fingerprint);
    if (previous.kind === 'replay') return previous.reply;
    if (previous.kind === 'conflict') {
      return pientegraError(409, 'idempotency_conflict', 'this Idempotency-Key was used with a different body');
    }
    const validation = validateCreateWithdrawal(body);
    if (!validation.ok)
      return pientegraError(validation.status, validation.code, validation.message, validation.details);
    const scenario = PIENTEGRA_SCENARIOS[scenarioOf(validation.value.amountMinor)];
    const refused = this.refusal(scenario, key) ?? this.uncovered(validation.value.amountMinor);
    if (refused) return refused;

    const transfer = this.record(key, validation.value);
    const reply = json(201, { withdrawalId: transfer.providerId, referenceNo: transfer.referenceNo });
    this.idempotency.remember(key, fingerprint, reply);
    if (scenario.review) transfer.status = 'manual_review';
    else
      scheduleOutcomes(this.deps.timers, this.deps.webhookDelayMs, scenario.outcomes, (eventType) =>
        this.deps.notifier.emit(transfer, eventType, scenario.copies),
      );
    return scenario.answer.kind === 'accept_then_hold' ? { ...reply, holdMs: this.deps.timeoutHoldMs } : reply;
  }

  /** `GET /external/withdrawals/{withdrawalId}`. */
  lookup(request: SandboxRequest): Reply {
    const transfer = this.deps.store.byProviderId('pientegra', request.params[0]);
    const normal = () => (transfer ? json(200, withdrawalView(transfer)) : notFound());
    if (!this.deps.chaos.enabled) return normal();
    const behaviour = this.deps.chaos.drawLookup('pientegra', transfer?.reference ?? `id:${request.params[0]}`);
    request.chaos = behaviour;
    return chaosLookupReply(
      behaviour,
      {
        normal,
        stale: () => (transfer ? json(200, { ...withdrawalView(transfer), status: 'PENDING_REVIEW' }) : notFound()),
        notFoundInWindow: () => undefined,
        refusal: (b: LookupBehaviour) => pientegraRefusal(b),
        serverError: () => empty(503),
        throttled: () => throttled(),
      },
      this.deps.chaos.timing,
    );
  }

  release(reference: string, outcome?: ReviewRelease): ReleaseResult {
    const transfer = this.deps.store.byReference('pientegra', reference);
    if (!transfer) return { kind: 'not_found' };
    if (transfer.status !== 'manual_review') return { kind: 'not_in_review', status: transfer.status };
    const decided = outcome ?? PIENTEGRA_SCENARIOS[transfer.scenario].review ?? 'sent';
    transfer.status = 'processing';
    this.deps.notifier.emit(
      transfer,
      REVIEW_EVENT[decided],
      PIENTEGRA_SCENARIOS[transfer.scenario].copies,
      'Rejected in operator review',
    );
    return { kind: 'released', transfer };
  }

  redeliver(reference: string): number | undefined {
    const transfer = this.deps.store.byReference('pientegra', reference);
    if (!transfer) return undefined;
    const events = this.deps.events.ofTransfer(reference);
    for (const event of events) {
      this.deps.events.markReplaying(event);
      this.deps.notifier.deliver(transfer, event);
    }
    return events.length;
  }

  reset(): void {
    this.idempotency.clear();
    this.failedOnce = new Set();
  }

  /** Chaos mode: the drawn behaviour decides whether the withdrawal is recorded and what the caller gets. */
  private chaosCreate(request: SandboxRequest, key: string, body: unknown, fingerprint: string): Reply {
    const validation = validateCreateWithdrawal(body);
    if (!validation.ok)
      return pientegraError(validation.status, validation.code, validation.message, validation.details);
    const chaos = this.deps.chaos;
    const isRecorded = this.deps.store.byReference('pientegra', key) !== undefined;
    const behaviour = chaos.drawSend('pientegra', key, validation.value.amountMinor, isRecorded);
    request.chaos = behaviour;
    const accept = (options?: { webhookFirst: boolean }): Reply => {
      const previous = this.idempotency.lookup(key, fingerprint);
      if (previous.kind === 'replay') return previous.reply;
      const uncovered = this.uncovered(validation.value.amountMinor);
      if (uncovered) return uncovered;
      const transfer = this.record(key, validation.value);
      const reply = json(201, { withdrawalId: transfer.providerId, referenceNo: transfer.referenceNo });
      this.idempotency.remember(key, fingerprint, reply);
      this.playPlan(transfer, options?.webhookFirst ?? false);
      return reply;
    };
    const reply = chaosSendReply(
      behaviour,
      {
        accept,
        refusal: (b: SendBehaviour) => pientegraRefusal(b),
        serverError: () => empty(503),
        throttled: () => throttled(),
      },
      chaos.timing,
    );
    if (!isRecorded && isRefusal(behaviour) && this.deps.store.byReference('pientegra', key) === undefined)
      this.maybeRejectRefused(key, validation.value);
    return reply;
  }

  private playPlan(transfer: PientegraTransfer, webhookFirst: boolean): void {
    const plan = this.deps.chaos.drawPlan('pientegra', transfer.reference);
    playTransferPlan(
      plan,
      this.deps.timers,
      {
        emit: (outcome, copies) => this.deps.notifier.emit(transfer, CHAOS_EVENT[outcome], copies),
        sendSilently: () => advanceStatus(transfer, 'sent', this.deps.now()),
        enterReview: () => (transfer.status = 'manual_review'),
        release: (outcome) => void this.release(transfer.reference, outcome),
      },
      webhookFirst,
    );
  }

  /**
   * A late `withdrawal.rejected` about a key this sandbox refused: true (nothing was recorded), but about an attempt
   * the service has given up on. Suppressed if the key was recorded after all, so a webhook never contradicts the
   * record. Its withdrawalId is one no answer ever named.
   */
  private maybeRejectRefused(key: string, input: PientegraCreateWithdrawal): void {
    const delayMs = this.deps.chaos.drawRefusedWebhook('pientegra', key);
    if (delayMs === undefined) return;
    this.deps.timers.after(delayMs, () => {
      const recorded = this.deps.store.byReference('pientegra', key) !== undefined;
      this.deps.chaos.log.add({
        provider: 'pientegra',
        reference: key,
        identity: this.deps.chaos.identify('pientegra', key),
        operation: 'webhook',
        ordinal: 0,
        behaviour: recorded ? 'refused_reference_rejected_suppressed' : 'refused_reference_rejected',
      });
      if (recorded) return;
      const detached = this.newTransfer(key, input);
      this.deps.notifier.emit(detached, 'withdrawal.rejected', 1, 'Refused');
    });
  }

  /** Scenario answers that record nothing: 71 always, 51 and 52 on the first request for a key. */
  private refusal(scenario: ScenarioRow<PientegraEventType>, key: string): Reply | undefined {
    const answer = scenario.answer;
    if (answer.kind === 'refuse') {
      return pientegraError(422, 'validation_failed', 'targetHolderName does not match the holder of targetIban', [
        { field: 'targetHolderName', message: 'does not match the IBAN holder' },
      ]);
    }
    if (answer.kind !== 'fail_first' && answer.kind !== 'throttle_first') return undefined;
    if (this.failedOnce.has(key)) return undefined;
    this.failedOnce.add(key);
    if (answer.kind === 'fail_first') return { status: answer.httpStatus };
    return pientegraError(429, 'rate_limited', 'too many requests', undefined, { 'retry-after': '1' });
  }

  seed(spec: SeedSpec): PientegraTransfer[] {
    return Array.from({ length: spec.count }, (_, index) => {
      const at = seededAt(spec, index);
      return {
        ...this.newTransfer(`${spec.referencePrefix}${index}`, {
          externalUserId: 'seeded',
          amountMinor: spec.amountMinor,
          currency: 'TRY',
          targetIban: SEEDED_IBAN,
          targetHolderName: SEEDED_HOLDER,
        }),
        status: spec.status,
        createdAt: at,
        updatedAt: at,
      };
    });
  }

  private record(key: string, input: PientegraCreateWithdrawal): PientegraTransfer {
    const transfer = this.newTransfer(key, input);
    this.deps.store.add(transfer);
    this.deps.wallets.debit('pientegra', transfer.amountMinor);
    return transfer;
  }

  /** [A] A withdrawal the balance cannot cover: 422 `insufficient_balance`, nothing recorded (not remembered either). */
  private uncovered(amountMinor: bigint): Reply | undefined {
    if (this.deps.wallets.canCover('pientegra', amountMinor)) return undefined;
    return pientegraError(422, 'insufficient_balance', 'the account balance does not cover this withdrawal');
  }

  /** A withdrawal as Pientegra would record it for this key and body; `record` keeps it, a refusal's webhook does not. */
  private newTransfer(key: string, input: PientegraCreateWithdrawal): PientegraTransfer {
    const at = this.deps.now();
    return {
      provider: 'pientegra',
      reference: key,
      providerId: newPientegraId(),
      referenceNo: this.referenceNumbers.next(at),
      externalUserId: input.externalUserId,
      amountMinor: input.amountMinor,
      currency: input.currency,
      iban: input.targetIban,
      holderName: input.targetHolderName,
      scenario: scenarioOf(input.amountMinor),
      status: 'processing',
      createdAt: at,
      updatedAt: at,
      webhooks: [],
    };
  }
}
