/** Sipay amounts are major units (`2500.00`); the sandbox keeps minor units. Integer and string arithmetic only. */

const JSON_NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

export type MajorAmountParse = { ok: true; minor: bigint } | { ok: false; reason: string };

/** `2500.00` -> 250000n; `720.0000` -> 72000n; `0.001` is refused (more than 2 significant decimals). */
export function majorToMinor(text: string): MajorAmountParse {
  const match = JSON_NUMBER.exec(text);
  if (!match) return { ok: false, reason: 'amount must be a JSON number' };
  const [, sign, whole, fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText);
  if (Math.abs(exponent) > 30) return { ok: false, reason: 'amount is out of range' };
  // value = digits * 10^(exponent - fraction.length); in minor units the power is 2 higher.
  const digits = (whole + fraction).replace(/^0+(?=\d)/, '');
  const power = exponent - fraction.length + 2;
  let minor: bigint;
  if (power >= 0) {
    minor = BigInt(digits) * 10n ** BigInt(power);
  } else {
    const divisor = 10n ** BigInt(-power);
    if (BigInt(digits) % divisor !== 0n) return { ok: false, reason: 'amount has more than 2 decimals' };
    minor = BigInt(digits) / divisor;
  }
  if (sign === '-' || minor <= 0n) return { ok: false, reason: 'amount must be positive' };
  return { ok: true, minor };
}

/** 250000n -> `2500.00` (decimals 2) or `2500.0000` (decimals 4, as Sipay's lookup writes base_amount). */
export function minorToMajor(minor: bigint, decimals: 2 | 4 = 2): string {
  const whole = minor / 100n;
  const cents = (minor % 100n).toString().padStart(2, '0');
  return `${whole}.${cents}${'0'.repeat(decimals - 2)}`;
}

/** 250000n -> `2500`, 2550n -> `25.5`: the shortest form, as Sipay's webhook writes `"amount": 50`. */
export function minorToMajorShortest(minor: bigint): string {
  return minorToMajor(minor).replace(/\.?0+$/, '');
}
