import { createHash } from 'node:crypto';

/**
 * A PRNG seeded from the hash of everything that names one draw (chaos seed, provider, the reference's identity, the
 * operation, the request's ordinal for that reference). Two draws with the same parts give the same numbers whatever
 * else happened in between, which is what makes a payout's provider behaviour independent of interleaving.
 */
export function seededRandom(...parts: readonly (string | number)[]): () => number {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  let state = digest.readUInt32LE(0);
  // mulberry32: small, fast, good enough to pick rows of a weight table.
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A weight table: each row's chance is its weight over the table's total. */
export type WeightTable<K extends string> = Readonly<Record<K, number>>;

export function pickWeighted<K extends string>(random: () => number, table: WeightTable<K>): K {
  const rows = Object.entries(table) as [K, number][];
  const total = rows.reduce((sum, [, weight]) => sum + weight, 0);
  if (total <= 0) throw new Error('a chaos weight table needs a positive total');
  let point = random() * total;
  for (const [key, weight] of rows) {
    point -= weight;
    if (point < 0) return key;
  }
  return rows[rows.length - 1][0];
}

/** An integer in [min, max], from the same stream. */
export const between = (random: () => number, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));
