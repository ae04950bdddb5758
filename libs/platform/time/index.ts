export { systemClock } from './clock';
export type { Clock } from './clock';
export { MIN_REPEAT_INTERVAL_MS, scaledMs } from './time-scale';
