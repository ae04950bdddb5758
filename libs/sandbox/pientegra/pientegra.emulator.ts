import type { ProviderEmulator, ReleaseResult } from '../control/provider-emulator';
import { scheduleOutcomes } from '../scenarios/outcome-timeline';
import {
  PIENTEGRA_SCENARIOS,
  ReviewRelease,
  scenarioOf,
  ScenarioRow,
  PientegraEventType,
} from '../scenarios/scenario.table';
import { header, json, Reply, SandboxRequest } from '../server/http-io';
import type { TimerSet } from '../server/timer-set';
import type { PientegraTransfer } from '../store/transfer';
import type { TransferStore } from '../store/transfer.store';
import { pientegraError } from './pientegra.errors';
import type { PientegraEvents } from './pientegra.events';
import { fingerprintOf, PientegraIdempotency } from './pientegra.idempotency';
import { newPientegraId, ReferenceNumbers } from './pientegra.ids';
import type { PientegraNotifier } from './pientegra.notifier';
import type { PientegraCreateWithdrawal } from './pientegra.types';
import { validateCreateWithdrawal } from './pientegra.validation';

export interface PientegraEmulatorDeps {
  store: TransferStore;
  events: PientegraEvents;
  notifier: PientegraNotifier;
  timers: TimerSet;
  webhookDelayMs: number;
  timeoutHoldMs: number;
  now: () => Date;
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
    if (previous.kind === 'replay') return previous.reply;
    if (previous.kind === 'conflict') {
      return pientegraError(409, 'idempotency_conflict', 'this Idempotency-Key was used with a different body');
    }
    const validation = validateCreateWithdrawal(body);
    if (!validation.ok)
      return pientegraError(validation.status, validation.code, validation.message, validation.details);
    const scenario = PIENTEGRA_SCENARIOS[scenarioOf(validation.value.amountMinor)];
    const refused = this.refusal(scenario, key);
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

  private record(key: string, input: PientegraCreateWithdrawal): PientegraTransfer {
    const at = this.deps.now();
    const transfer: PientegraTransfer = {
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
    this.deps.store.add(transfer);
    return transfer;
  }
}
