import { ConfigService, platformConfig } from '@libs/platform/config';
import { IN_FLIGHT_STATUSES, type InFlightStatus } from '@libs/payouts/domain';

/**
 * STUCK_AFTER with every live status filled in: a value that names only some statuses (`manual_review=1s`) keeps the
 * documented default for the others.
 */
export function stuckThresholdsMs(config: ConfigService): Record<InFlightStatus, number> {
  const entry = platformConfig.spec.stuckAfterMs;
  const defaults = entry.parse(entry.defaultText ?? '');
  const given = config.get(platformConfig).stuckAfterMs;
  return Object.fromEntries(
    IN_FLIGHT_STATUSES.map((status) => [status, given[status] ?? defaults[status] ?? 0]),
  ) as Record<InFlightStatus, number>;
}
