import { metricsRegistry, registeredGauge } from '@libs/platform/metrics';
import type { Gauge, Registry } from 'prom-client';

/** 1 while the api counts request budgets per process because Redis is unreachable (each process allows the limit). */
export const rateLimitDegradedGauge = (registry: Registry = metricsRegistry): Gauge =>
  registeredGauge(registry, {
    name: 'payout_rate_limit_degraded',
    help: 'Whether request budgets are counted per process (1) because Redis is unreachable, or shared through it (0)',
  });
