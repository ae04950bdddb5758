import { randomInt } from 'node:crypto';

const TWO_POW_53 = 2n ** 53n;

/**
 * Sipay's 64-bit IDs (transaction_id, request_id). They start from the clock shifted 20 bits (so a restarted sandbox
 * never repeats an ID it gave before) and always lie above 2^53; any value a double could hold exactly is skipped,
 * so every emitted ID is corrupted by a lossy JSON parser and a test that still passes with JSON.parse is caught.
 */
export class SipayIds {
  private last: bigint;

  constructor(nowMs: number = Date.now()) {
    this.last = BigInt(nowMs) * 1_048_576n + BigInt(randomInt(0, 65_536));
  }

  next(): bigint {
    do this.last += 1n;
    while (this.last <= TWO_POW_53 || survivesDouble(this.last));
    return this.last;
  }
}

function survivesDouble(id: bigint): boolean {
  const double = Number(id);
  return BigInt(double) === id || String(double) === id.toString();
}
