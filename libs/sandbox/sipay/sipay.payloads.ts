import type { SipayProcessStatus } from './sipay.scenarios';
import type { TransferStatus } from '../store/transfer';
import type { SipayTransfer } from './sipay.transfer';
import { minorToMajor, minorToMajorShortest } from './sipay.amount';
import { jsonNumber } from './sipay.json';

/** The sandbox's one tenant, the id of Sipay's own webhook example. */
export const SIPAY_TENANT_ID = 7193628450192736815n;

/** `process_level_status`: 0 pending, 1 completed, 2 rejected (3 failed is never produced). A return was completed. */
const PROCESS_LEVEL_OF: Readonly<Record<TransferStatus, number>> = {
  processing: 0,
  manual_review: 0,
  sent: 1,
  returned: 1,
  rejected: 2,
};

const BANK_NAMES: Readonly<Record<string, string>> = {
  '00010': 'Ziraat',
  '00012': 'Halkbank',
  '00015': 'Vakıfbank',
  '00046': 'Akbank',
  '00062': 'Garanti BBVA',
  '00064': 'İş Bankası',
  '00067': 'Yapı Kredi',
  '00111': 'QNB',
};

const utcSeconds = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The send-money `payload` (fixtures/sipay/send-money.response.json). */
export function sendMoneyPayload(transfer: SipayTransfer, previousBalanceMinor: bigint): Record<string, unknown> {
  return {
    transaction_id: transfer.transactionId,
    ext_transaction_id: transfer.reference,
    transaction_amount: jsonNumber(minorToMajor(transfer.amountMinor)),
    transaction_fee_amount: jsonNumber('0'),
    previous_amount: jsonNumber(minorToMajor(previousBalanceMinor)),
    request_id: transfer.requestId,
  };
}

/**
 * `wallet_info` of a send answer and of `Wallet Info` (money-movement.md): the sending wallet's balances in major
 * units; the sandbox keeps one balance, so payment and cash balances are the same.
 */
export function walletInfo(balanceMinor: bigint): Record<string, unknown> {
  const available = jsonNumber(minorToMajor(balanceMinor < 0n ? 0n : balanceMinor));
  return {
    currency_code: 'TRY',
    payment_balance: { available, blocked: jsonNumber('0') },
    cash_balance: { available, blocked: jsonNumber('0') },
  };
}

/** GetRequestWithdrawByExtId `payload`, fields and order as fixtures/sipay/get-request-withdraw-by-ext-id.response.json. */
export function lookupPayload(transfer: SipayTransfer): Record<string, unknown> {
  const bankCode = transfer.iban.slice(4, 9);
  const level = PROCESS_LEVEL_OF[transfer.status];
  return {
    id: transfer.requestId.toString(),
    tenant_id: SIPAY_TENANT_ID.toString(),
    wallet_id: '1',
    wallet_number: transfer.senderWalletNumber,
    tx_correlation_id: transfer.transactionId,
    ext_transaction_id: transfer.reference,
    account_type: 2,
    account_id: '7',
    account_number: transfer.senderAccountNumber,
    bank_id: String(Number(bankCode)),
    bank_name: BANK_NAMES[bankCode] ?? `Banka ${bankCode}`,
    account_saved_bank_id: null,
    is_account_owner_bank: false,
    name: transfer.holderName,
    account_holder_name: transfer.holderName,
    iban: transfer.iban,
    bank_account_no: transfer.iban.slice(-16),
    swift_code: null,
    branch_code: null,
    base_amount: jsonNumber(minorToMajor(transfer.amountMinor, 4)),
    currency: transfer.currency,
    description: transfer.description,
    access_level_status: 1,
    process_level_status: level,
    receiver_national_id: transfer.nationalId,
    bank_response_json: level === 0 ? null : JSON.stringify({ ResultCode: level === 1 ? '0' : '99' }),
    created_date_utc: utcSeconds(transfer.createdAt),
    updated_date_utc: utcSeconds(transfer.updatedAt),
  };
}

/**
 * The bank-transfer webhook, fields and order as fixtures/sipay/webhook-bank-transfer-*.json. Like Sipay's samples it
 * carries the same response_* values whatever happened, and masks the receiver (to_iban keeps its last 4).
 */
export function webhookBody(transfer: SipayTransfer, afterProcessStatus: SipayProcessStatus): Record<string, unknown> {
  return {
    tenant_id: SIPAY_TENANT_ID,
    amount: jsonNumber(minorToMajorShortest(transfer.amountMinor)),
    currency_code: transfer.currency,
    ext_transaction_id: transfer.reference,
    request_withdraw_id: transfer.requestId,
    transaction_id: transfer.transactionId,
    account_type_id: 2,
    account_number: transfer.senderAccountNumber,
    wallet_number: transfer.senderWalletNumber,
    before_process_status: 1,
    after_process_status: afterProcessStatus,
    money_transfer_state: 0,
    money_transfer_type: 3,
    to_iban: `${transfer.iban.slice(0, 2)}${'0'.repeat(transfer.iban.length - 6)}${transfer.iban.slice(-4)}`,
    response_status: 2,
    response_code: '312',
    response_message: 'Bu işlem daha önce başarıyla gerçekleştirilmiştir.',
    transaction_type: 'A01',
    to_name: `${transfer.holderName.slice(0, 1)}${'x'.repeat(Math.max(transfer.holderName.length - 1, 1))}`,
    reason: 'Basarili',
  };
}
