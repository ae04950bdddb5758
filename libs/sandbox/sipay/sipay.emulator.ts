import type { ProviderEmulator, ReleaseResult } from '../control/provider-emulator';
import { scheduleOutcomes } from '../scenarios/outcome-timeline';
import { ReviewRelease, scenarioOf, SIPAY_SCENARIOS } from '../scenarios/scenario.table';
import type { Reply, SandboxRequest } from '../server/http-io';
import type { TimerSet } from '../server/timer-set';
import type { SipayTransfer } from '../store/transfer';
import type { TransferStore } from '../store/transfer.store';
import { sipayEnvelope } from './sipay.envelope';
import type { SipayIds } from './sipay.ids';
import { parseSipayJson } from './sipay.json';
import type { SipayNotifier } from './sipay.notifier';
import { lookupPayload, sendMoneyPayload } from './sipay.payloads';
import { extTransactionIdOf, SipaySendMoney, validateSendMoney } from './sipay.validation';

export interface SipayEmulatorDeps {
  store: TransferStore;
  notifier: SipayNotifier;
  ids: SipayIds;
  timers: TimerSet;
  webhookDelayMs: number;
  timeoutHoldMs: number;
  now: () => Date;
}

/** The wallet never runs dry on its own: 311 comes from scenario 31 only. previous_amount shows this balance. */
const WALLET_BALANCE_MINOR = 1_000_000_000n;

/** SendMoneyToBankAccount and GetRequestWithdrawByExtId per scenario row; manual review and redelivery controls. */
export class SipayEmulator implements ProviderEmulator {
  /** ext_transaction_ids whose first request already got scenario 51's HTTP 500. */
  private failedOnce = new Set<string>();

  constructor(private readonly deps: SipayEmulatorDeps) {}

  sendMoney(request: SandboxRequest): Reply {
    const body = parseBody(request);
    if (body === undefined) return sipayEnvelope(400, '400', null, 'the body is not valid JSON');
    request.reference = extTransactionIdOf(body);
    const validation = validateSendMoney(body);
    if (!validation.ok) return sipayEnvelope(400, '400', null, validation.problem);
    const input = validation.value;
    // ext_transaction_id is Sipay's idempotency key: a recorded one is never executed twice.
    if (this.deps.store.byReference('sipay', input.extTransactionId)) return sipayEnvelope(200, '301');
    const scenario = SIPAY_SCENARIOS[scenarioOf(input.amountMinor)];
    const answer = scenario.answer;
    if (answer.kind === 'refuse') return sipayEnvelope(200, answer.code);
    if (answer.kind === 'fail_first' && !this.failedOnce.has(input.extTransactionId)) {
      this.failedOnce.add(input.extTransactionId);
      return sipayEnvelope(answer.httpStatus, '500');
    }
    const transfer = this.record(input);
    if (scenario.review) transfer.status = 'manual_review';
    else
      scheduleOutcomes(this.deps.timers, this.deps.webhookDelayMs, scenario.outcomes, (status) =>
        this.deps.notifier.emit(transfer, status, scenario.copies),
      );
    const reply = sipayEnvelope(200, '100', sendMoneyPayload(transfer, WALLET_BALANCE_MINOR));
    return answer.kind === 'accept_then_hold' ? { ...reply, holdMs: this.deps.timeoutHoldMs } : reply;
  }

  lookup(request: SandboxRequest): Reply {
    const body = parseBody(request);
    if (body === undefined) return sipayEnvelope(400, '400', null, 'the body is not valid JSON');
    const extTransactionId = extTransactionIdOf(body);
    request.reference = extTransactionId;
    if (!extTransactionId) return sipayEnvelope(400, '400', null, 'ext_transaction_id is required');
    const transfer = this.deps.store.byReference('sipay', extTransactionId);
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
    this.deps.notifier.clear();
  }

  private record(input: SipaySendMoney): SipayTransfer {
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
    this.deps.store.add(transfer);
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
