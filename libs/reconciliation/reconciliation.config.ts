import { defineSlice, duration, integer, positiveNumber, type ConfigEntry } from '@libs/platform/config';
import { parseDailyAtOrThrow, type DailyAt } from './domain';

const dailyAt = (env: string, options: { description: string; default: string }): ConfigEntry<DailyAt> => ({
  env,
  description: options.description,
  secret: false,
  defaultText: options.default,
  required: false,
  parse: parseDailyAtOrThrow,
});

export const reconciliationConfig = defineSlice(
  'reconciliation',
  {
    pollIntervalMs: duration('RECONCILIATION_POLL_INTERVAL', {
      description:
        'how often each worker runs a poll cycle over the due payouts (scaled by POLL_TIME_SCALE, at least 200ms)',
      default: '5s',
    }),
    batchSize: integer(1, 10_000)('RECONCILIATION_BATCH_SIZE', {
      description: 'due payouts one poll cycle claims at most',
      default: '100',
    }),
    concurrency: integer(1, 64)('RECONCILIATION_CONCURRENCY', {
      description: 'lookups in flight at once per provider in one poll cycle',
      default: '4',
    }),
    budgetShare: positiveNumber('RECONCILIATION_BUDGET_SHARE', {
      description: "fraction of a provider's requests per minute the poller may use; the rest stays for submissions",
      default: '0.5',
    }),
    leaseMs: duration('RECONCILIATION_LEASE', {
      description: 'how long a claimed payout stays hidden from other pollers while it is looked up (not scaled)',
      default: '2m',
    }),
    lookAgainMs: duration('RECONCILIATION_LOOK_AGAIN', {
      description:
        'after a poll schedule runs out (needs_attention), look again this often (scaled); never auto-failed',
      default: '6h',
    }),
    missedWebhooksIntervalMs: duration('RECONCILIATION_MISSED_WEBHOOKS_INTERVAL', {
      description: 'how often undelivered provider webhooks are listed and replayed (scaled, at least 200ms)',
      default: '5m',
    }),
    reportAt: dailyAt('RECONCILIATION_REPORT_AT', {
      description:
        'when the daily reconciliation run of the previous day (that zone\'s calendar day) starts, per provider with a listing: "HH:MM <IANA time zone>"',
      default: '02:00 Europe/Istanbul',
    }),
    runStalledAfterMs: duration('RECONCILIATION_RUN_STALLED_AFTER', {
      description:
        'a running reconciliation run that has not moved this long gets a new job and resumes from its cursor (scaled); the sweep looks a third as often',
      default: '15m',
    }),
    missedWebhooksMaxReplays: integer(0, 10_000)('RECONCILIATION_MISSED_WEBHOOKS_MAX_REPLAYS', {
      description: 'webhooks replayed at most per provider per sweep',
      default: '50',
    }),
  },
  (value) => (value.budgetShare > 1 ? ['RECONCILIATION_BUDGET_SHARE must be at most 1'] : []),
);
