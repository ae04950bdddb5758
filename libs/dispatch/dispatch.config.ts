import { defineSlice, duration, integer, list, parseDurationOrThrow } from '@libs/platform/config';

export const dispatchConfig = defineSlice(
  'dispatch',
  {
    concurrency: integer(1, 256)('DISPATCH_CONCURRENCY', {
      description: 'dispatch jobs one worker process runs at once',
      default: '16',
    }),
    concurrencyPerProvider: integer(1, 256)('DISPATCH_CONCURRENCY_PER_PROVIDER', {
      description: 'submissions one worker process sends to one provider at once (the rest wait their turn)',
      default: '8',
    }),
    circuitThreshold: integer(1, 1000)('DISPATCH_CIRCUIT_THRESHOLD', {
      description: 'consecutive transport failures (timeout, connection error, 5xx) that open a provider’s circuit',
      default: '5',
    }),
    circuitCooldownMs: duration('DISPATCH_CIRCUIT_COOLDOWN', {
      description: 'how long an open circuit routes new payouts elsewhere before one submission tests it again',
      default: '30s',
    }),
    resubmitDelaysMs: list('DISPATCH_RESUBMIT_DELAYS', {
      description:
        'delays before sending an ambiguous submission again under the same reference (scaled by POLL_TIME_SCALE); ' +
        'after the last one reconciliation looks it up',
      default: '2s,10s,30s',
    }),
    redispatchAfterMs: duration('DISPATCH_REDISPATCH_AFTER', {
      description: 'when no provider can take a payout now, route it again after this long (scaled, at least 1s)',
      default: '30s',
    }),
    insufficientBalanceWaitMs: duration('INSUFFICIENT_BALANCE_WAIT', {
      description:
        'a payout no provider balance covers waits pending this long from when its hold began, then fails with ' +
        'insufficient_provider_balance (scaled by POLL_TIME_SCALE, at least 1s)',
      default: '24h',
    }),
    balanceRefreshIntervalMs: duration('BALANCE_REFRESH_INTERVAL', {
      description:
        'how often the worker reads the balance of every provider that has a balance call (scaled, at least 1s)',
      default: '5m',
    }),
    reaperIntervalMs: duration('DISPATCH_REAPER_INTERVAL', {
      description: 'how often the reaper looks for dispatches no live job holds (scaled, at least 1s)',
      default: '5s',
    }),
    reapAfterMs: duration('DISPATCH_REAP_AFTER', {
      description:
        'an attempt sent without an answer recorded and held by no job is sent again after this long (scaled, at least 1s)',
      default: '30s',
    }),
    resubmitHorizonMs: duration('DISPATCH_RESUBMIT_HORIZON', {
      description:
        'the reaper resends an unanswered attempt only this long after it was created (and within half the ' +
        'provider’s consistency window); older ones are left to reconciliation’s lookup',
      default: '5m',
    }),
    leaseTtlMs: duration('DISPATCH_LEASE_TTL', {
      description:
        'a dispatch holds its payout with a Redis lease renewed while it runs; a killed worker’s lease expires after this',
      default: '15s',
    }),
    batchWindow: integer(1, 10_000)('DISPATCH_BATCH_WINDOW', {
      description:
        'batch-item dispatch jobs the batch feeder keeps waiting at most (behind every single payout), over all batches',
      default: '64',
    }),
    batchFeedIntervalMs: duration('DISPATCH_BATCH_FEED_INTERVAL', {
      description: 'how often the batch feeder tops the waiting batch items up to the window (scaled, at least 200ms)',
      default: '250ms',
    }),
    jobLockMs: duration('DISPATCH_JOB_LOCK', {
      description:
        'BullMQ lock of a running dispatch job; a killed worker’s job is handed to another after about this long',
      default: '30s',
    }),
  },
  (value) => {
    const problems: string[] = [];
    for (const delay of value.resubmitDelaysMs) {
      try {
        parseDurationOrThrow(delay);
      } catch (error) {
        problems.push(`DISPATCH_RESUBMIT_DELAYS is invalid: ${(error as Error).message}`);
      }
    }
    return problems;
  },
);
