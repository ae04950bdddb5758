import { defineSlice, signedDuration } from './config-entry';
import { platformConfig } from './platform.config';

/**
 * CLOCK_OFFSET: the processes' business clock (PROCESS_CLOCK) moved for a test, so one can run the stack "on a
 * Saturday" and then "on Monday" to see the bank calendar act. It reads NODE_ENV too, so start-up refuses it in
 * production. It lives here, not in platform/time, because platform/config already depends on platform/time.
 */
export const clockConfig = defineSlice(
  'clock',
  {
    nodeEnv: platformConfig.spec.nodeEnv,
    clockOffsetMs: signedDuration('CLOCK_OFFSET', {
      description:
        'tests only, refused when NODE_ENV=production: moves the business clock of payouts, routing, dispatch and ' +
        'the bank calendar by this much (e.g. -2d, 93784000ms), so a test can run the processes on a Saturday',
      default: '0ms',
    }),
  },
  (value) =>
    value.nodeEnv === 'production' && value.clockOffsetMs !== 0
      ? ['CLOCK_OFFSET is for tests only: it must be 0ms when NODE_ENV=production']
      : [],
);
