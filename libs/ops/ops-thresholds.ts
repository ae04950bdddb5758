import { ConfigService, platformConfig } from '@libs/platform/config';
import { LIVE_STATUSES, type LiveStatus } from './application';

/**
 * STUCK_AFTER with every live status filled in: a value that names only some statuses (`manual_review=1s`) keeps the
 * documented default for the others.
 */
export function stuckThresholdsMs(config: ConfigService): Record<LiveStatus, number> {
  const entry = platformConfig.spec.stuckAfterMs;
  const defaults = entry.parse(entry.defaultText ?? '');
  const given = config.get(platformConfig).stuckAfterMs;
  return Object.fromEntries(LIVE_STATUSES.map((status) => [status, given[status] ?? defaults[status] ?? 0])) as Record<
    LiveStatus,
    number
  >;
}
