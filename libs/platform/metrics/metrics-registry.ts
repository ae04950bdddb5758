import { Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process; every context registers its metrics here, `GET /metrics` serves it. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });
