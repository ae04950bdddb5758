import { createHash } from 'node:crypto';
import type { RuleTarget } from './routing-rule';

/**
 * Picks a target with probability weight / total, from a SHA-256 of the payout id rather than a random number:
 * routing the same payout again (a retry, an explain call) with the same eligible targets picks the same provider.
 */
export function pickWeighted(targets: readonly RuleTarget[], payoutId: string): RuleTarget | undefined {
  const total = targets.reduce((sum, target) => sum + BigInt(target.weight), 0n);
  if (total <= 0n) return undefined;
  // 64 bits of the hash against a total of at most a few thousand: the modulo bias is far below 1e-12.
  let point = createHash('sha256').update(payoutId, 'utf8').digest().readBigUInt64BE(0) % total;
  for (const target of targets) {
    const weight = BigInt(target.weight);
    if (point < weight) return target;
    point -= weight;
  }
  return undefined;
}
