import { registeredCounter } from '@libs/platform/metrics';
import type { Registry } from 'prom-client';

// Provider signals reach TransitionPayout from webhooks and from polls; both count what was not applied and what
// contradicted us under one name each, so one alert covers both sources (the `source` label tells them apart).

export const notAppliedEventsCounter = (registry: Registry) =>
  registeredCounter(registry, {
    name: 'payout_events_not_applied_total',
    help: 'Provider events recorded as not applied, by source and reason (stale, duplicate, contradiction, ...)',
    labelNames: ['source', 'provider', 'reason'],
  });

export const contradictionsCounter = (registry: Registry) =>
  registeredCounter(registry, {
    name: 'payout_contradictions_total',
    help: 'Provider statements that contradict what we know (flagged for ops, never applied)',
    labelNames: ['source', 'provider'],
  });
