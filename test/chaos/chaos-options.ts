import { formatTimeOfDay, istanbulDateOf, istanbulTime, turkishOfficialCalendar } from '@libs/rails/domain';

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

/**
 * The rail hold (money-movement.md "Turkish rails and the bank calendar"): the run's FAST cap is 50,000.00 TRY, and a
 * seeded share of each seed's single payouts is paid above it (EFT), at `amountOf + ABOVE_CAP_OFFSET`: 5,101,000 and
 * up, below Sipay's ceiling (10,000,000), so both providers take them and failovers happen. Unique in the run while its
 * seeds lie less than 5,000 apart (amountsCollide). The payout batch's items (9,990,000 and up) are above it too.
 */
export const CHAOS_FAST_MAX_AMOUNT = 5_000_000n;
export const ABOVE_CAP_SHARE = 0.1;
const ABOVE_CAP_OFFSET = 5_000_000n;
export const aboveCapAmountOf = (seed: number, index: number): bigint => ABOVE_CAP_OFFSET + amountOf(seed, index);
/** Whether an above-cap amount of one seed equals an ordinary amount of another (seeds 5,000 apart). */
export const amountsCollide = (seeds: readonly number[]): boolean =>
  Math.max(...seeds) - Math.min(...seeds) >= Number(ABOVE_CAP_OFFSET / 1_000n);

/**
 * EFT_WINDOW for the run: closed at its start, open from the first whole minute at least CLOSED_FOR_MS later (Istanbul
 * time) until midnight, every day. Payouts above the cap that dispatch meets before then are held `scheduled` for that
 * opening and released by the scheduled release while the run goes on (the first group of seeds only: one window per
 * process, and the stack's processes are started once). When the opening would come after 22:00 Istanbul (the run
 * could pass midnight, where EFT would close until the next day's opening), or today is an official holiday or a half
 * day, EFT is open all day and nothing is held (`opensAt` undefined): the run says so.
 */
export const EFT_CLOSED_FOR_MS = 90_000;
const LATEST_OPENING = 22 * 60;

export interface ChaosEftPlan {
  eftWindow: string;
  opensAt?: Date;
}

export function chaosEftPlan(now: Date): ChaosEftPlan {
  const date = istanbulDateOf(now);
  const minutes = Math.ceil((now.getTime() + EFT_CLOSED_FOR_MS - istanbulTime(date, 0).getTime()) / 60_000);
  if (minutes > LATEST_OPENING || turkishOfficialCalendar()(date) !== undefined)
    return { eftWindow: 'Mon-Sun 00:00-24:00 Europe/Istanbul' };
  return {
    eftWindow: `Mon-Sun ${formatTimeOfDay(minutes)}-24:00 Europe/Istanbul`,
    opensAt: istanbulTime(date, minutes),
  };
}

export const DEFAULT_BATCH_ITEMS = 1_000;
export const MAX_BATCH_ITEMS = 10_000;
/**
 * A batch item's amount, unique in the run like a single payout's: 9,990,000 + index minor units, below Sipay's
 * ceiling (10,000,000), so both providers can take every item and failovers happen (above CHAOS_FAST_MAX_AMOUNT: all
 * EFT). Single payouts of seeds 9,889..9,899 (above the cap: 4,889..4,899) would share these amounts
 * (batchSharesAmounts).
 */
export const batchItemAmountOf = (index: number): bigint => 9_990_000n + BigInt(index);
export const batchSharesAmounts = (seeds: readonly number[], payouts: number, items: number): boolean =>
  seeds.some((seed) =>
    [amountOf, aboveCapAmountOf].some((amount) => {
      const [low, high] = [amount(seed, 0), amount(seed, payouts - 1)];
      return low <= batchItemAmountOf(items - 1) && high >= batchItemAmountOf(0);
    }),
  );

export const replayCommand = (seed: number, payouts: number): string =>
  `npm run test:chaos -- --seed ${seed} --payouts ${payouts}`;
