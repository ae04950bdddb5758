/**
 * Sipay writes amounts as major-unit JSON decimals (`2500.00`, `720.0000`, `50`); we hold bigint minor units.
 * Conversion is string and bigint arithmetic only: no JS number ever holds an amount.
 */
const SIPAY_DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

export class SipayAmountError extends Error {
  override readonly name = 'SipayAmountError';
}

/** 250000n -> "2500.00"; 5n -> "0.05". Always two decimals. */
export function minorToSipayAmount(minor: bigint): string {
  if (minor <= 0n) throw new SipayAmountError('amount must be greater than zero');
  const whole = minor / 100n;
  const cents = (minor % 100n).toString().padStart(2, '0');
  return `${whole}.${cents}`;
}

/**
 * "2500.00" -> 250000n, "720.0000" -> 72000n (trailing zeros are not significant), "50" -> 5000n. More than two
 * significant decimals ("1.005"), signs and exponents are refused: they cannot be a kuruş amount.
 */
export function sipayAmountToMinorOrThrow(text: string): bigint {
  const match = SIPAY_DECIMAL.exec(text);
  if (!match) throw new SipayAmountError('amount is not a plain non-negative decimal');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > 2) throw new SipayAmountError('amount has more than two significant decimals');
  return BigInt(match[1]) * 100n + BigInt(fraction.padEnd(2, '0'));
}
