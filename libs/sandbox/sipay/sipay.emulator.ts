import type { ChaosEngine } from '../chaos/chaos-engine';
import { ChaosOutcome, playTransferPlan } from '../chaos/chaos-outcomes';
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
import { ReviewRelease, scenarioOf } from '../scenarios/scenario.table';
import type { Reply, SandboxRequest } from '../server/http-io';
import type { ProviderWallets } from '../server/provider-wallets';
import type { TimerSet } from '../server/timer-set';
import { advanceStatus } from '../store/transfer';
import type { SipayTransfer } from './sipay.transfer';
import type { TransferStore } from '../store/transfer.store';
import { sipayEnvelope } from './sipay.envelope';
import type { SipayIds } from './sipay.ids';
import { parseSipayJson } from './sipay.json';
import type { SipayNotifier } from './sipay.notifier';
import { lookupPayload, sendMoneyPayload, walletInfo } from './sipay.payloads';
import { extTransactionIdOf, SipaySendMoney, validateSendMoney } from './sipay.validation';
import { SIPAY_SCENARIOS, SipayProcessStatus } from './sipay.scenarios';

export interface SipayEmulatorDeps {
  store: TransferStore;
  wallets: ProviderWallets;
  notifier: SipayNotifier;
  ids: SipayIds;
  timers: TimerSet;
  webhookDelayMs: number;
  timeoutHoldMs: number;
  /** Chaos mode: when enabled, it decides every send and lookup instead of the scenario table. */
  chaos: ChaosEngine;
  /** Chaos mode: the longest a drawn lag keeps a record invisible to the lookup. */
  lagMaxMs: number;
  now: () => Date;
}

const CHAOS_STATUS: Readonly<Record<ChaosOutcome, SipayProcessStatus>> = { sent: 1, rejected: 2, returned: 5 };

/** Sipay's refusals for the chaos behaviours it has (Pientegra-only ones fall back to a normal answer). */
function sipayRefusal(behaviour: SendBehaviour | LookupBehaviour): Reply | undefined {
  switch (behaviour) {
    case 'refuse_401':
    case 'token_error':
      return sipayEnvelope(401, '401');
    case 'refuse_400':
      return sipayEnvelope(400, '400', null, 'the request is invalid');
    case 'unknown_code':
      return sipayEnvelope(200, '999');
    case 'code_311':
      return sipayEnvelope(200, '311');
    case 'code_310':
      return sipayEnvelope(200, '310');
    case 'code_306':
      return sipayEnvelope(200, '306');
    default:
      return undefined;
  }
}

const throttled = (): Reply => ({
  ...sipayEnvelope(429, '429'),
  headers: { ...sipayEnvelope(429, '429').headers, 'retry-after': '1' },
});

/**
 * What an unlimited wallet (the default) shows as its balance: it never runs dry on its own, so 311 comes from
 * scenario 31 or a balance set through the control API only.
 */
const UNLIMITED_WALLET_SHOWS_MINOR = 1_000_000_000n;

/** SendMoneyToBankAccount and GetRequestWithdrawByExtId per scenario row; manual review and redelivery controls. */
export class SipayEmulator implements ProviderEmulator {
  /** ext_transaction_ids whose first request already got scenario 51's HTTP 500. */
  private failedOnce = new Set<string>();
  /** Chaos mode: references whose record the lookup shows only this long after it was made. */
  private visibleAfterMs = new Map<string, number>();

  constructor(private readonly deps: SipayEmulatorDeps) {}

  sendMoney(request: SandboxRequest): Reply {
    const body = parseBody(request);
    if (body === undefined) return sipayEnvelope(400, '400', null, 'the body is not valid JSON');
    request.reference = extTransactionIdOf(body);
    const validation = validateSendMoney(body);
    if (!validation.ok) return sipayEnvelope(400, '400', null, validation.problem);
    const input = validation.value;
    if (this.deps.chaos.enabled) return this.chaosSend(request, input);
    // ext_transaction_id is Sipay's idempotency key: a recorded one is never executed twice.
    if (this.deps.store.byReference('sipay', input.extTransactionId)) return sipayEnvelope(200, '301');
    const scenario = SIPAY_SCENARIOS[scenarioOf(input.amountMinor)];
    const answer = scenario.answer;
    if (answer.kind === 'refuse') return sipayEnvelope(200, answer.code);
    if (answer.kind === 'fail_first' && !this.failedOnce.has(input.extTransactionId)) {
      this.failedOnce.add(input.extTransactionId);
      return sipayEnvelope(answer.httpStatus, '500');
    }
    if (!this.deps.wallets.canCover('sipay', input.amountMinor)) return sipayEnvelope(200, '311');
    const previousBalance = this.walletBalance();
    const transfer = this.record(input);
    if (scenario.review) transfer.status = 'manual_review';
    else
      scheduleOutcomes(this.deps.timers, this.deps.webhookDelayMs, scenario.outcomes, (status) =>
        this.deps.notifier.emit(transfer, status, scenario.copies),
      );
    const reply = sipayEnvelope(200, '100', this.sendMoneyAnswer(transfer, previousBalance));
    return answer.kind === 'accept_then_hold' ? { ...reply, holdMs: this.deps.timeoutHoldMs } : reply;
  }

  /** `Wallet Info` [A: request shape]: the sending wallet's balances, as every send answer carries them. */
  walletInfo(request: SandboxRequest): Reply {
    const body = parseBody(request);
    if (body === undefined) return sipayEnvelope(400, '400', null, 'the body is not valid JSON');
    return sipayEnvelope(200, '100', { wallet_info: walletInfo(this.walletBalance()) });
  }

  lookup(request: SandboxRequest): Reply {
    const body = parseBody(request);
    if (body === undefined) return sipayEnvelope(400, '400', null, 'the body is not valid JSON');
    const extTransactionId = extTransactionIdOf(body);
    request.reference = extTransactionId;
    if (!extTransactionId) return sipayEnvelope(400, '400', null, 'ext_transaction_id is required');
    const transfer = this.deps.store.byReference('sipay', extTransactionId);
    if (this.deps.chaos.enabled) return this.chaosLookup(request, extTransactionId, transfer);
    return transfer ? sipayEnvelope(200, '100', lookupPayload(transfer)) : sipayEnvelope(200, '300');
  }

  /** Sipay's manual review ends silently: only the lookup shows the result, no webhook is ever sent. */
  release(reference: string, outcome?: ReviewRelease): ReleaseResult {
    const transfer = this.deps.store.byReference('sipay', reference);
    if (!transfer) return { kind: 'not_found' };
    if (transfer.status !== 'manual_review') return { kind: 'not_in_review', status: transfer.status };
    transfer.status = outcome ?? SIPAY_SCENARIOS[transfer.scenario].review ?? 'sent';
    transfer.updatedAt = this.deps.now();
    return { kind: 'released', transfer };
  }

  redeliver(reference: string): number | undefined {
    const transfer = this.deps.store.byReference('sipay', reference);
    return transfer ? this.deps.notifier.redeliver(transfer) : undefined;
  }

  reset(): void {
    this.failedOnce = new Set();
    this.visibleAfterMs = new Map();
    this.deps.notifier.clear();
  }

  /** Chaos mode: the drawn behaviour decides whether the transfer is recorded and what the caller gets. */
  private chaosSend(request: SandboxRequest, input: SipaySendMoney): Reply {
    const chaos = this.deps.chaos;
    const reference = input.extTransactionId;
    const isRecorded = this.deps.store.byReference('sipay', reference) !== undefined;
    const behaviour = chaos.drawSend('sipay', reference, input.amountMinor, isRecorded);
    request.chaos = behaviour;
    const accept = (options?: { webhookFirst: boolean }): Reply => {
      // ext_transaction_id is Sipay's idempotency key: a recorded one is never executed twice.
      if (this.deps.store.byReference('sipay', reference)) return sipayEnvelope(200, '301');
      if (!this.deps.wallets.canCover('sipay', input.amountMinor)) return sipayEnvelope(200, '311');
      const previousBalance = this.walletBalance();
      const transfer = this.record(input);
      this.playPlan(transfer, options?.webhookFirst ?? false);
      return sipayEnvelope(200, '100', this.sendMoneyAnswer(transfer, previousBalance));
    };
    const reply = chaosSendReply(
      behaviour,
      { accept, refusal: sipayRefusal, serverError: () => sipayEnvelope(500, '500'), throttled },
      chaos.timing,
    );
    if (!isRecorded && isRefusal(behaviour) && !this.deps.store.byReference('sipay', reference))
      this.maybeRejectRefused(input);
    return reply;
  }

  private chaosLookup(request: SandboxRequest, reference: string, transfer: SipayTransfer | undefined): Reply {
    const behaviour = this.deps.chaos.drawLookup('sipay', reference);
    request.chaos = behaviour;
    const nowMs = this.deps.now().getTime();
    // Sipay shows a record up to ~20 min after code 100 (sipay.md): the chaos plan draws how late, per transfer.
    const visible = transfer && nowMs >= transfer.createdAt.getTime() + (this.visibleAfterMs.get(reference) ?? 0);
    const found = (shown: SipayTransfer) => sipayEnvelope(200, '100', lookupPayload(shown));
    return chaosLookupReply(
      behaviour,
      {
        normal: () => (visible && transfer ? found(transfer) : sipayEnvelope(200, '300')),
        stale: () => (visible && transfer ? found({ ...transfer, status: 'processing' }) : sipayEnvelope(200, '300')),
        notFoundInWindow: () =>
          transfer && nowMs - transfer.createdAt.getTime() < this.deps.lagMaxMs ? sipayEnvelope(200, '300') : undefined,
        refusal: sipayRefusal,
        serverError: () => sipayEnvelope(500, '500'),
        throttled,
      },
      this.deps.chaos.timing,
    );
  }

  private playPlan(transfer: SipayTransfer, webhookFirst: boolean): void {
    const plan = this.deps.chaos.drawPlan('sipay', transfer.reference);
    if (plan.visibleAfterMs > 0) this.visibleAfterMs.set(transfer.reference, plan.visibleAfterMs);
    playTransferPlan(
      plan,
      this.deps.timers,
      {
        emit: (outcome, copies) => this.deps.notifier.emit(transfer, CHAOS_STATUS[outcome], copies),
        sendSilently: () => advanceStatus(transfer, 'sent', this.deps.now()),
        enterReview: () => (transfer.status = 'manual_review'),
        release: (outcome) => void this.release(transfer.reference, outcome),
      },
      webhookFirst,
    );
  }

  /**
   * A late webhook `after_process_status 2` about an ext_transaction_id this sandbox refused, about an attempt the
   * service has given up on. The provider turns out to have kept a record of the refused request after all, rejected
   * (a misbehaving provider: "nothing created" was not quite true), so its lookup confirms the webhook and the
   * service's only defence is invariant 2b: a superseded attempt's failure is recorded, never applied. No money moves
   * (a rejected record is not an executed transfer). Suppressed if the reference was recorded by a later request, so
   * a webhook never contradicts the record.
   */
  private maybeRejectRefused(input: SipaySendMoney): void {
    const reference = input.extTransactionId;
    const delayMs = this.deps.chaos.drawRefusedWebhook('sipay', reference);
    if (delayMs === undefined) return;
    this.deps.timers.after(delayMs, () => {
      const recorded = this.deps.store.byReference('sipay', reference) !== undefined;
      this.deps.chaos.log.add({
        provider: 'sipay',
        reference,
        identity: this.deps.chaos.identify('sipay', reference),
        operation: 'webhook',
        ordinal: 0,
        behaviour: recorded ? 'refused_reference_rejected_suppressed' : 'refused_reference_rejected',
      });
      if (recorded) return;
      const rejected = this.record(input);
      advanceStatus(rejected, 'rejected', this.deps.now());
      this.deps.notifier.emit(rejected, 2, 1);
    });
  }

  seed(spec: SeedSpec): SipayTransfer[] {
    return Array.from({ length: spec.count }, (_, index) => {
      const at = seededAt(spec, index);
      return {
        ...this.newTransfer({
          senderAccountNumber: '123456789',
          senderWalletNumber: '123456789',
          extTransactionId: `${spec.referencePrefix}${index}`,
          holderName: SEEDED_HOLDER,
          iban: SEEDED_IBAN,
          nationalId: '10000000146',
          description: null,
          amountMinor: spec.amountMinor,
        }),
        status: spec.status,
        createdAt: at,
        updatedAt: at,
      };
    });
  }

  private record(input: SipaySendMoney): SipayTransfer {
    const transfer = this.newTransfer(input);
    this.deps.store.add(transfer);
    this.deps.wallets.debit('sipay', transfer.amountMinor);
    return transfer;
  }

  private walletBalance(): bigint {
    return this.deps.wallets.get('sipay') ?? UNLIMITED_WALLET_SHOWS_MINOR;
  }

  private sendMoneyAnswer(transfer: SipayTransfer, previousBalance: bigint): Record<string, unknown> {
    return { ...sendMoneyPayload(transfer, previousBalance), wallet_info: walletInfo(this.walletBalance()) };
  }

  private newTransfer(input: SipaySendMoney): SipayTransfer {
    const at = this.deps.now();
    const requestId = this.deps.ids.next();
    const transfer: SipayTransfer = {
      provider: 'sipay',
      reference: input.extTransactionId,
      providerId: requestId.toString(),
      requestId,
      transactionId: this.deps.ids.next(),
      amountMinor: input.amountMinor,
      currency: 'TRY',
      iban: input.iban,
      holderName: input.holderName,
      nationalId: input.nationalId,
      senderAccountNumber: input.senderAccountNumber,
      senderWalletNumber: input.senderWalletNumber,
      description: input.description,
      scenario: scenarioOf(input.amountMinor),
      status: 'processing',
      createdAt: at,
      updatedAt: at,
      webhooks: [],
    };
    return transfer;
  }
}

function parseBody(request: SandboxRequest): unknown {
  try {
    return parseSipayJson(request.body);
  } catch {
    return undefined;
  }
}
