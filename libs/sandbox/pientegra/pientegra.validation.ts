import { isValidIBAN } from 'ibantools';
import { AMOUNT_MAX_MINOR, AMOUNT_MIN_MINOR, PientegraCreateWithdrawal, PientegraErrorDetail } from './pientegra.types';

export type CreateValidation =
  | { ok: true; value: PientegraCreateWithdrawal }
  | { ok: false; status: 400 | 422; code: string; message: string; details: PientegraErrorDetail[] };

const MINOR_UNITS = /^(0|[1-9]\d{0,18})$/;

const nonEmptyString = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.trim().length > 0 && value.length <= max;

/** Shape problems answer 400; well-formed but unacceptable values answer 422 (amount bounds, currency, IBAN). */
export function validateCreateWithdrawal(body: unknown): CreateValidation {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return shapeError([{ field: 'body', message: 'must be a JSON object' }]);
  }
  const input = body as Record<string, unknown>;
  const shape: PientegraErrorDetail[] = [];
  if (!nonEmptyString(input.externalUserId, 255)) shape.push({ field: 'externalUserId', message: 'required string' });
  if (input.externalUserLabel !== undefined && typeof input.externalUserLabel !== 'string') {
    shape.push({ field: 'externalUserLabel', message: 'must be a string' });
  }
  if (typeof input.amount !== 'string' || !MINOR_UNITS.test(input.amount)) {
    shape.push({ field: 'amount', message: 'must be a string of integer minor units, e.g. "250000"' });
  }
  if (typeof input.currency !== 'string') shape.push({ field: 'currency', message: 'required string' });
  if (typeof input.targetIban !== 'string') shape.push({ field: 'targetIban', message: 'required string' });
  if (!nonEmptyString(input.targetHolderName, 140))
    shape.push({ field: 'targetHolderName', message: 'required string' });
  if (shape.length > 0) return shapeError(shape);

  const amountMinor = BigInt(input.amount as string);
  if (amountMinor < AMOUNT_MIN_MINOR) {
    return refusal('amount_below_min', `amount must be at least ${AMOUNT_MIN_MINOR} minor units`, 'amount');
  }
  if (amountMinor > AMOUNT_MAX_MINOR) {
    return refusal('amount_above_max', `amount must be at most ${AMOUNT_MAX_MINOR} minor units`, 'amount');
  }
  if (input.currency !== 'TRY') return refusal('validation_failed', 'only TRY is supported', 'currency');
  const iban = (input.targetIban as string).replace(/\s+/g, '').toUpperCase();
  if (!iban.startsWith('TR') || !isValidIBAN(iban)) {
    return refusal('validation_failed', 'targetIban must be a valid Turkish IBAN', 'targetIban');
  }
  return {
    ok: true,
    value: {
      externalUserId: input.externalUserId as string,
      externalUserLabel: input.externalUserLabel as string | undefined,
      amountMinor,
      currency: 'TRY',
      targetIban: iban,
      targetHolderName: input.targetHolderName as string,
    },
  };
}

function shapeError(details: PientegraErrorDetail[]): CreateValidation {
  return { ok: false, status: 400, code: 'validation_failed', message: 'the request is invalid', details };
}

function refusal(code: string, message: string, field: string): CreateValidation {
  return { ok: false, status: 422, code, message, details: [{ field, message }] };
}
