import { isJsonObject, jsonNumberText, type JsonValue } from '@libs/platform/json';
import type { BalanceReport } from '../contract/payout-provider';
import { SipayAmountError, sipayAmountToMinorOrThrow } from './sipay.amount';
import { WALLET_DEFAULT_CURRENCY, walletInfoOf } from './sipay.assumptions';

const CURRENCY = /^[A-Z]{3}$/;

/**
 * The sending balance an answer's payload carries (`wallet_info.payment_balance.available`, major units), read
 * losslessly. No `wallet_info`: no report. A `wallet_info` we cannot read: `unreadable`, never a balance of zero.
 */
export function sipayBalanceReport(payload: JsonValue | undefined): BalanceReport | undefined {
  const info = walletInfoOf(payload);
  if (info === undefined) return undefined;
  if (info === 'malformed') return { kind: 'unreadable', reason: 'wallet_info is not an object' };
  const payment = info.payment_balance;
  const available = isJsonObject(payment) ? jsonNumberText(payment.available) : undefined;
  if (available === undefined) return { kind: 'unreadable', reason: 'payment_balance.available is not a number' };
  const currency = info.currency_code ?? WALLET_DEFAULT_CURRENCY;
  if (typeof currency !== 'string' || !CURRENCY.test(currency)) {
    return { kind: 'unreadable', reason: 'currency_code is not an ISO 4217 code' };
  }
  try {
    return { kind: 'known', amount: sipayAmountToMinorOrThrow(available), currency };
  } catch (error) {
    if (error instanceof SipayAmountError) return { kind: 'unreadable', reason: `available: ${error.message}` };
    throw error;
  }
}
