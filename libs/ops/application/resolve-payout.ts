import {
  PayoutChangedError,
  toPayoutView,
  type PayoutStore,
  type PayoutView,
  type TransitionPayout,
} from '@libs/payouts/application';
import {
  DomainValidationError,
  isFailureCode,
  PayoutError,
  type NormalizedFailure,
  type PayoutStatus,
} from '@libs/payouts/domain';
import type { Clock } from '@libs/platform/time';
import type { FieldError } from '@libs/platform/errors';
import type { AuditLogStore } from '@libs/clients/application';
import type { OpsActor } from './ops-store.port';

/** Ops may settle a payout only where the money's fate is open at a provider (api.md). */
export const RESOLVABLE_STATUSES = [
  'submitting',
  'processing',
  'manual_review',
] as const satisfies readonly PayoutStatus[];
export const RESOLUTIONS = ['succeeded', 'failed'] as const satisfies readonly PayoutStatus[];
export type Resolution = (typeof RESOLUTIONS)[number];

export interface ResolveInput {
  status: unknown;
  reason: unknown;
  evidence: unknown;
  failureCode?: unknown;
}

export interface ResolveOptions {
  /**
   * The payout's version the person reviewed (the console's confirmation step). If the payout moved since, nothing
   * is written, not even an audit row, and PayoutChangedError is thrown: they confirmed something that is not there.
   */
  expectedVersion?: number;
}

const TEXT_MAX = 4_000;

/**
 * POST /v1/ops/payouts/{id}/resolve: a person's verdict, through the same state machine as every other change
 * (source `ops:<client id>`), audited in the same transaction with the actor, the reason and the evidence. A refusal
 * is audited too. A resolution to `failed` carries a normalized failure code (provider_rejected unless given).
 */
export class ResolvePayout {
  constructor(
    private readonly payouts: PayoutStore,
    private readonly transition: TransitionPayout,
    private readonly audit: AuditLogStore,
    private readonly clock: Clock,
  ) {}

  async execute(
    payoutId: string,
    input: ResolveInput,
    actor: OpsActor,
    options: ResolveOptions = {},
  ): Promise<PayoutView> {
    const { status, reason, evidence, failure } = validateOrThrow(input);
    const current = await this.payouts.payouts.find(payoutId);
    if (!current) throw new PayoutError('not_found', `no payout ${payoutId}`);
    const { expectedVersion } = options;
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new PayoutChangedError(payoutId, expectedVersion, current.version);
    }
    const entry = {
      actorClientId: actor.id,
      action: 'payout.resolve',
      subjectType: 'payout',
      subjectId: payoutId,
      reason,
      details: { evidence, status, from: current.status, ...(failure ? { failureCode: failure.code } : {}) },
    };
    if (!(RESOLVABLE_STATUSES as readonly PayoutStatus[]).includes(current.status)) {
      await this.audit.write({ ...entry, details: { ...entry.details, refused: 'invalid_state' } }, this.clock.now());
      throw refusal(current.status);
    }
    const { decision, payout } = await this.transition.apply(
      payoutId,
      {
        to: status,
        source: `ops:${actor.id}`,
        ...(failure ? { failure } : {}),
        evidence: { resolvedBy: actor.id, reason, evidence },
      },
      // Checked again under the row lock: a change between our read and the lock also refuses, writing nothing.
      { actor: actor.id, audit: entry, ...(expectedVersion === undefined ? {} : { expectedVersion }) },
    );
    // The status moved between our read and the row lock (a webhook or a poll won): the event log and the audit
    // row say so, and the operator looks again.
    if (decision.kind !== 'applied') throw refusal(decision.from);
    return toPayoutView(payout);
  }
}

function refusal(status: PayoutStatus): PayoutError {
  return new PayoutError(
    'invalid_state',
    `a payout in status ${status} cannot be resolved; only ${RESOLVABLE_STATUSES.join(', ')} can`,
  );
}

function validateOrThrow(input: ResolveInput): {
  status: Resolution;
  reason: string;
  evidence: string;
  failure?: NormalizedFailure;
} {
  const errors: FieldError[] = [];
  const text = (field: string, value: unknown): string => {
    if (typeof value !== 'string' || value.trim() === '') {
      errors.push({ field, message: 'is required: say what you know and how' });
      return '';
    }
    if (value.length > TEXT_MAX) errors.push({ field, message: `must be at most ${TEXT_MAX} characters` });
    return value.trim();
  };
  const status = input.status;
  if (status !== 'succeeded' && status !== 'failed') {
    errors.push({ field: 'status', message: `must be one of ${RESOLUTIONS.join(', ')}` });
  }
  const reason = text('reason', input.reason);
  const evidence = text('evidence', input.evidence);
  const code = input.failureCode;
  if (code !== undefined && (status !== 'failed' || !isFailureCode(code) || code === 'canceled')) {
    errors.push({ field: 'failureCode', message: 'only with status failed, and one of the normalized failure codes' });
  }
  if (errors.length > 0) throw new DomainValidationError(errors);
  const resolution = status as Resolution;
  if (resolution === 'succeeded') return { status: resolution, reason, evidence };
  const failureCode = isFailureCode(code) ? code : 'provider_rejected';
  return { status: resolution, reason, evidence, failure: { code: failureCode, message: reason } };
}
