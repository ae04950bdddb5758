import type { Clock } from '@libs/platform/time';
import type { FieldError } from '@libs/platform/errors';
import {
  DomainValidationError,
  parseMinorUnitsOrThrow,
  PayoutError,
  readScheduledFor,
  ScheduleRefusedError,
  UnpayableRequestError,
  validateBeneficiaryOrThrow,
  type MinorUnits,
} from '../domain';
import type { PayoutAcceptance } from './payout-acceptance.port';
import { dispatchPayoutMessage, statusChangedMessage } from './payout-jobs';
import type { PayoutRecord } from './payout-record';
import type { NewPayout, PayoutCreation, PayoutIntake } from './payout-store.port';
import { toPayoutView } from './payout-view';

/** The request body of POST /v1/payouts after the HTTP layer checked its shape. */
export interface CreatePayoutInput {
  amount: string;
  currency: string;
  beneficiary: { name: string; iban: string; nationalId?: string | null };
  customer?: { id: string; label?: string } | null;
  reference?: string | null;
  description?: string | null;
  metadata?: Record<string, string> | null;
  provider?: string | null;
  /** Checked here rather than by the DTO, so every bad value answers 422 naming it (readScheduledFor). */
  scheduledFor?: unknown;
}

export interface CreatePayoutCommand {
  clientId: string;
  idempotencyKey: string;
  /** requestHash() of the body as the client sent it, the IBAN in electronic form: what a new key stores. */
  requestHash: string;
  /**
   * requestHash() of the body exactly as sent, given when it differs from `requestHash` (an IBAN with spaces or in
   * lower case): a key stored before the IBAN was compared in electronic form holds this one, and still replays.
   */
  requestHashAsSent?: string;
  input: CreatePayoutInput;
}

/** `created` and `replayed` carry the status and body to answer with; a replay repeats the first answer exactly. */
export interface CreatePayoutResult {
  kind: 'created' | 'replayed';
  status: number;
  body: Record<string, unknown>;
}

export interface CreatePayoutOptions {
  /** Names of registered providers a client may pin. */
  knownProviders: readonly string[];
  /** What the enabled providers can pay: a payout none of them can is refused here, not failed later. */
  acceptance: PayoutAcceptance;
  /** When a sweeper should look at a pending payout whose dispatch job was lost (lifecycle invariant 8). */
  firstCheckAfterMs: number;
  /** How far ahead `scheduledFor` may be (SCHEDULE_MAX_AHEAD). */
  scheduleMaxAheadMs: number;
}

/**
 * Creates a payout once per (client, Idempotency-Key), in one atomic step of the store (PayoutIntake): a lock on the
 * key (held by a concurrent request -> 409), the stored answer (same body -> replay, other body -> 422), or the
 * payout, its creation event, its jobs and the stored answer, all or nothing. Nothing is ever stored under a key for
 * a request that did not create its payout, so a transient failure is never replayed.
 *
 * The body is validated before that step so the step can be one round trip; a refusal is thrown only after the key
 * was found free (a step that creates nothing), so a replay still answers the first response even if a rule changed
 * since, and a reused key still answers 422 whatever the new body holds.
 */
export class CreatePayout {
  constructor(
    private readonly intake: PayoutIntake,
    private readonly clock: Clock,
    private readonly options: CreatePayoutOptions,
  ) {}

  async execute(command: CreatePayoutCommand): Promise<CreatePayoutResult> {
    const { clientId, idempotencyKey, requestHash } = command;
    let payout: NewPayout | undefined;
    let refusal: unknown;
    try {
      payout = newPayoutOrThrow(command.clientId, command.input, this.clock.now(), this.options);
    } catch (error) {
      if (!(error instanceof DomainValidationError)) throw error;
      refusal = error;
    }
    const outcome = await this.intake.createOnce({
      clientId,
      idempotencyKey,
      requestHash,
      create: payout ? { payout, describe: describeCreation } : null,
    });
    switch (outcome.kind) {
      case 'locked':
        throw new PayoutError(
          'idempotency_key_in_use',
          'a request with this Idempotency-Key is still running; retry later',
        );
      case 'stored':
        if (outcome.requestHash !== requestHash && outcome.requestHash !== command.requestHashAsSent) {
          throw new PayoutError('idempotency_key_reused', 'this Idempotency-Key was used with another request body');
        }
        return { kind: 'replayed', status: outcome.status, body: outcome.body };
      case 'absent':
        throw refusal;
      case 'created':
        return { kind: 'created', status: 201, body: outcome.body };
    }
  }
}

/**
 * The payout a creation body asks for, or the refusal: DomainValidationError (400) listing every field problem, then
 * ScheduleRefusedError (422) for a `scheduledFor` that cannot be honoured, then UnpayableRequestError (422) when no
 * enabled provider (or the pinned one) can pay it. The one reading of a payout body: single payouts and every item of
 * a batch (libs/batches) go through it.
 */
export function newPayoutOrThrow(
  clientId: string,
  input: CreatePayoutInput,
  now: Date,
  options: CreatePayoutOptions,
): NewPayout {
  const errors: FieldError[] = [];
  const collect = <T>(check: () => T): T | undefined => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof DomainValidationError)) throw error;
      errors.push(...error.errors);
      return undefined;
    }
  };
  const amount = collect<MinorUnits>(() => parseMinorUnitsOrThrow(input.amount));
  const beneficiary = collect(() => validateBeneficiaryOrThrow(input.beneficiary));
  const provider = input.provider ?? null;
  if (provider !== null && !options.knownProviders.includes(provider)) {
    errors.push({ field: 'provider', message: `must be one of ${options.knownProviders.join(', ')}` });
  }
  const schedule = readScheduledFor(input.scheduledFor, now, options.scheduleMaxAheadMs);
  if (errors.length > 0 || amount === undefined || beneficiary === undefined) {
    throw new DomainValidationError('problem' in schedule ? [...errors, schedule.problem] : errors);
  }
  if ('problem' in schedule) throw new ScheduleRefusedError([schedule.problem]);
  const refusals = options.acceptance.refusals({
    amount,
    currency: input.currency,
    ibanCountry: beneficiary.country,
    hasNationalId: beneficiary.nationalId !== undefined,
    ...(provider !== null ? { provider } : {}),
  });
  // Like every refusal: nothing is stored, the key stays free for a corrected body.
  if (refusals.length > 0) throw new UnpayableRequestError(refusals);
  const releaseAt = schedule.release.kind === 'at' ? schedule.release.at : null;
  return {
    clientId,
    amount,
    currency: input.currency,
    beneficiary: {
      name: beneficiary.name,
      iban: beneficiary.iban,
      bankCode: beneficiary.bankCode ?? null,
      nationalId: beneficiary.nationalId ?? null,
    },
    customer: input.customer ?? null,
    reference: input.reference ?? null,
    description: input.description ?? null,
    metadata: input.metadata ?? {},
    requestedProvider: provider,
    // A scheduled payout is next looked at when it is due; a pending one if its dispatch job was lost.
    nextCheckAt: releaseAt ?? new Date(now.getTime() + options.firstCheckAfterMs),
    createdAt: now,
    scheduledFor: releaseAt,
  };
}

/**
 * The creation event, jobs and answer of a new payout; the status-changed job's eventId is filled in by the store. A
 * scheduled payout gets no dispatch job: its release (ReleaseScheduledPayouts) queues one when it becomes pending.
 */
function describeCreation(payout: PayoutRecord): PayoutCreation {
  const scheduled = payout.status === 'scheduled';
  return {
    body: { ...toPayoutView(payout) },
    event: {
      source: 'api',
      actor: payout.clientId,
      reason: 'created',
      detail: scheduled ? 'created by the client, scheduled' : 'created by the client',
    },
    messages: [
      ...(scheduled ? [] : [dispatchPayoutMessage({ payoutId: payout.id })]),
      statusChangedMessage({
        payoutId: payout.id,
        clientId: payout.clientId,
        eventId: '',
        version: payout.version,
        status: payout.status,
      }),
    ],
  };
}
