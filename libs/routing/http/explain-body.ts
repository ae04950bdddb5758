import { randomUUID } from 'node:crypto';
import { DomainValidationError, validateBeneficiaryOrThrow } from '@libs/payouts';
import type { RoutingRequest } from '../domain';
import { RoutingError } from '../application';
import { BodyProblems } from './body-checks';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** POST /v1/routing/explain: a payout body (as POST /v1/payouts) plus who it would be for. */
export interface ExplainBody {
  amount?: unknown;
  currency?: unknown;
  beneficiary?: unknown;
  customer?: unknown;
  reference?: unknown;
  description?: unknown;
  metadata?: unknown;
  provider?: unknown;
  clientId?: unknown;
  payoutId?: unknown;
}

/**
 * The body -> what routing reads, with the payout API's own checks (amount, IBAN mod-97, national id checksum), so
 * an explanation is never given for a payout the API would refuse. Without `payoutId` a fresh id seeds the weighted
 * choice: one sample of the split.
 */
export function routingRequestOrThrow(
  body: ExplainBody,
  callerClientId: string,
  knownProviders: readonly string[],
): RoutingRequest {
  const problems = new BodyProblems();
  const amount = problems.amount('amount', body.amount);
  if (typeof body.currency !== 'string' || !/^[A-Z]{3}$/.test(body.currency)) {
    problems.add('currency', 'must be three upper-case letters (ISO 4217)');
  }
  let beneficiary: ReturnType<typeof validateBeneficiaryOrThrow> | undefined;
  try {
    beneficiary = validateBeneficiaryOrThrow(body.beneficiary);
  } catch (error) {
    if (!(error instanceof DomainValidationError)) throw error;
    for (const problem of error.errors) problems.add(problem.field, problem.message);
  }
  const metadata = body.metadata === undefined || body.metadata === null ? undefined : body.metadata;
  if (metadata !== undefined) problems.stringMap('metadata', metadata);
  const provider = body.provider ?? undefined;
  if (provider !== undefined && (typeof provider !== 'string' || !knownProviders.includes(provider))) {
    problems.add('provider', `must be one of ${knownProviders.join(', ')}`);
  }
  if (body.clientId !== undefined && (typeof body.clientId !== 'string' || !UUID.test(body.clientId))) {
    problems.add('clientId', 'must be a client id (UUID)');
  }
  if (body.payoutId !== undefined && (typeof body.payoutId !== 'string' || !UUID.test(body.payoutId))) {
    problems.add('payoutId', 'must be a payout id (UUID)');
  }
  if (problems.list.length > 0 || amount === undefined || beneficiary === undefined) {
    throw RoutingError.invalid(problems.list);
  }
  return {
    payoutId: (body.payoutId as string | undefined) ?? randomUUID(),
    amount,
    currency: body.currency as string,
    clientId: (body.clientId as string | undefined) ?? callerClientId,
    ...(metadata !== undefined ? { metadata: metadata as Record<string, string> } : {}),
    beneficiary: {
      ...(beneficiary.bankCode !== undefined ? { bankCode: beneficiary.bankCode } : {}),
      ...(beneficiary.nationalId !== undefined ? { nationalId: beneficiary.nationalId } : {}),
      country: beneficiary.country,
    },
    ...(provider !== undefined ? { provider: provider as string } : {}),
  };
}
