export { offsetClock, PROCESS_CLOCK, systemClock } from './clock';
export type { Clock } from './clock';
export { MIN_REPEAT_INTERVAL_MS, scaledMs, TIME_SCALE } from './time-scale';
