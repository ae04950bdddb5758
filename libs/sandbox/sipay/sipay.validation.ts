import { isValidIBAN } from 'ibantools';
import { majorToMinor } from './sipay.amount';
import { numberText } from './sipay.json';

export interface SipaySendMoney {
  senderAccountNumber: string;
  senderWalletNumber: string;
  extTransactionId: string;
  holderName: string;
  iban: string;
  nationalId: string;
  description: string | null;
  amountMinor: bigint;
}

export type SendMoneyValidation = { ok: true; value: SipaySendMoney } | { ok: false; problem: string };

const asObject = (body: unknown): Record<string, unknown> | undefined =>
  typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;

/** Account numbers may come as strings or bare numbers; either way they are kept as their exact text. */
const digitsText = (value: unknown): string | undefined => {
  const text = typeof value === 'string' ? value : numberText(value);
  return text !== undefined && /^\d{1,30}$/.test(text) ? text : undefined;
};

const text = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' && value.trim().length > 0 && value.length <= max ? value : undefined;

/** The ext_transaction_id of a body, for the request log even when the rest is invalid. */
export const extTransactionIdOf = (body: unknown): string | undefined => text(asObject(body)?.ext_transaction_id, 100);

/** Problems name the field and never echo an IBAN or a national id. */
export function validateSendMoney(body: unknown): SendMoneyValidation {
  const input = asObject(body);
  if (!input) return { ok: false, problem: 'body must be a JSON object' };
  const senderAccountNumber = digitsText(input.sender_account_number);
  const senderWalletNumber = digitsText(input.sender_wallet_number);
  const extTransactionId = extTransactionIdOf(input);
  const holderName = text(input.receiver_account_holder_name, 140);
  const iban = typeof input.receiver_iban === 'string' ? input.receiver_iban.replace(/\s+/g, '').toUpperCase() : '';
  const nationalId =
    typeof input.receiver_national_id_or_tax_no === 'string' ? input.receiver_national_id_or_tax_no : '';
  const amountText = numberText(input.amount);
  if (!senderAccountNumber) return { ok: false, problem: 'sender_account_number is required' };
  if (!senderWalletNumber) return { ok: false, problem: 'sender_wallet_number is required' };
  if (!extTransactionId) return { ok: false, problem: 'ext_transaction_id is required (1..100 characters)' };
  if (!holderName) return { ok: false, problem: 'receiver_account_holder_name is required' };
  if (!iban.startsWith('TR') || !isValidIBAN(iban))
    return { ok: false, problem: 'receiver_iban must be a Turkish IBAN' };
  if (!/^\d{10,11}$/.test(nationalId)) {
    return { ok: false, problem: 'receiver_national_id_or_tax_no must be 10 or 11 digits' };
  }
  if (input.description !== undefined && input.description !== null && typeof input.description !== 'string') {
    return { ok: false, problem: 'description must be a string' };
  }
  if (input.currency_code !== 'TRY') return { ok: false, problem: 'currency_code must be TRY' };
  if (amountText === undefined) return { ok: false, problem: 'amount must be a JSON number in major units' };
  const amount = majorToMinor(amountText);
  if (!amount.ok) return { ok: false, problem: amount.reason };
  return {
    ok: true,
    value: {
      senderAccountNumber,
      senderWalletNumber,
      extTransactionId,
      holderName,
      iban,
      nationalId,
      description: (input.description as string | undefined) ?? null,
      amountMinor: amount.minor,
    },
  };
}
