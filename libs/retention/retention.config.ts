import { defineSlice, duration } from '@libs/platform/config';

export const retentionConfig = defineSlice(
  'retention',
  {
    providerBodyRetentionMs: duration('PROVIDER_BODY_RETENTION', {
      description:
        'how long stored provider bodies (attempt answers, webhook bodies; sealed) are kept; older ones are dropped, the facts extracted from them stay (not scaled)',
      default: '90d',
    }),
    providerBodySweepIntervalMs: duration('PROVIDER_BODY_SWEEP_INTERVAL', {
      description:
        'how often the worker seals provider bodies still stored in clear and drops those past PROVIDER_BODY_RETENTION (scaled, at least 200ms)',
      default: '1h',
    }),
  },
  (value) =>
    value.providerBodyRetentionMs < 1_000
      ? ['PROVIDER_BODY_RETENTION is invalid: keep bodies at least 1s (write e.g. 90d)']
      : [],
);
