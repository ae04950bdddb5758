import { IN_FLIGHT_STATUSES, type InFlightStatus } from '@libs/payouts/domain';
import { ConfigService, defineSlice, durationMap } from '@libs/platform/config';

export const opsConfig = defineSlice('ops', {
  stuckAfterMs: durationMap(IN_FLIGHT_STATUSES)('STUCK_AFTER', {
    description:
      'per-status age after which a non-terminal payout is listed as stuck (`scheduled`: how long past its release time; `awaiting_approval`: how long past its approval deadline)',
    default: 'awaiting_approval=1m,scheduled=1m,pending=2m,submitting=5m,processing=24h,manual_review=30m',
  }),
});

/**
 * STUCK_AFTER with every live status filled in: a value that names only some statuses (`manual_review=1s`) keeps the
 * documented default for the others.
 */
export function stuckThresholdsMs(config: ConfigService): Record<InFlightStatus, number> {
  const entry = opsConfig.spec.stuckAfterMs;
  const defaults = entry.parse(entry.defaultText ?? '');
  const given = config.get(opsConfig).stuckAfterMs;
  return Object.fromEntries(
    IN_FLIGHT_STATUSES.map((status) => [status, given[status] ?? defaults[status] ?? 0]),
  ) as Record<InFlightStatus, number>;
}
