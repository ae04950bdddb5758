/**
 * `npm run test:chaos -- [--seeds N] [--payouts M] [--seed S] [--first S0] [--batch-payouts B] [--settle-for 60s]
 * [--batch-items K]`
 */
export interface ChaosRunOptions {
  seeds: number[];
  payouts: number;
  /** Payouts driven at once (whole seeds): the next batch starts once this one has settled and been checked. */
  batchPayouts: number;
  /** How long one batch may go without one more payout settling before it is checked anyway (at most 4x in all). */
  settleForMs: number;
  /** Full evidence is printed for at most this many violating payouts (every violation is listed in one line). */
  detailLimit: number;
  /** Print every payout's story (what chaos drew for it), e.g. to compare a replay with the run it replays. */
  printStories: boolean;
  /**
   * Items of the one payout batch driven with the first group of seeds, among its single payouts (0: none). Its items'
   * amounts are batchItemAmountOf(i); a run whose seeds would share those amounts runs without it.
   */
  batchItems: number;
}

export const DEFAULT_SEEDS = 20;
export const DEFAULT_PAYOUTS = 20;
/** Each payout's amount is unique in the run: 100000 + seed * 1000 + index (minor units), so index < 1000. */
export const MAX_PAYOUTS_PER_SEED = 1_000;
export const MAX_SEED = 99_000;

export function parseChaosArgs(argv: readonly string[]): ChaosRunOptions {
  const value = (name: string): string | undefined => {
    const at = argv.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
    if (at === -1) return undefined;
    const arg = argv[at];
    return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[at + 1];
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const text = value(name);
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max)
      throw new Error(`--${name} must be a whole number in ${min}..${max}, not "${text}"`);
    return Number(text);
  };
  const payouts = integer('payouts', DEFAULT_PAYOUTS, 1, MAX_PAYOUTS_PER_SEED);
  const single = value('seed');
  const first = integer('first', 1, 0, MAX_SEED);
  const count = integer('seeds', DEFAULT_SEEDS, 1, MAX_SEED);
  const seeds =
    single !== undefined
      ? [integer('seed', 0, 0, MAX_SEED)]
      : Array.from({ length: count }, (_, i) => first + i).filter((s) => s <= MAX_SEED);
  const settle = value('settle-for') ?? '45s';
  const settleMatch = /^(\d+)(ms|s|m)$/.exec(settle);
  if (!settleMatch) throw new Error(`--settle-for must be a duration like 60s, not "${settle}"`);
  const unit = { ms: 1, s: 1_000, m: 60_000 }[settleMatch[2] as 'ms' | 's' | 'm'];
  return {
    seeds,
    payouts,
    batchPayouts: integer('batch-payouts', 2_000, 1, 100_000),
    settleForMs: Number(settleMatch[1]) * unit,
    detailLimit: integer('details', 3, 0, 1_000),
    printStories: argv.includes('--stories'),
    batchItems: integer('batch-items', DEFAULT_BATCH_ITEMS, 0, MAX_BATCH_ITEMS),
  };
}

export const amountOf = (seed: number, index: number): bigint => 100_000n + BigInt(seed) * 1_000n + BigInt(index);

export const DEFAULT_BATCH_ITEMS = 1_000;
export const MAX_BATCH_ITEMS = 10_000;
/**
 * A batch item's amount, unique in the run like a single payout's: 9,990,000 + index minor units, below Sipay's
 * ceiling (10,000,000), so both providers can take every item and failovers happen. Single payouts of seeds
 * 9,889..9,899 would share these amounts (batchSharesAmounts).
 */
export const batchItemAmountOf = (index: number): bigint => 9_990_000n + BigInt(index);
export const batchSharesAmounts = (seeds: readonly number[], payouts: number, items: number): boolean =>
  seeds.some((seed) => {
    const [low, high] = [amountOf(seed, 0), amountOf(seed, payouts - 1)];
    return low <= batchItemAmountOf(items - 1) && high >= batchItemAmountOf(0);
  });

export const replayCommand = (seed: number, payouts: number): string =>
  `npm run test:chaos -- --seed ${seed} --payouts ${payouts}`;
