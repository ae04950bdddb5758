/**
 * A delay under POLL_TIME_SCALE (0.01 runs every schedule 100 times sooner, for tests and demos), in whole
 * milliseconds and never below `floorMs`. Every scheduled delay is scaled here and nowhere else.
 */
export const scaledMs = (ms: number, timeScale: number, floorMs = 0): number =>
  Math.max(floorMs, Math.round(ms * timeScale));

/** A repeating job's scaled interval is never below this, so a tiny scale cannot spin Redis. */
export const MIN_REPEAT_INTERVAL_MS = 200;

/**
 * The injection token of POLL_TIME_SCALE (a number), read from the config once by ConfigModule; wiring injects it and
 * hands it to the code that calls scaledMs.
 */
export const TIME_SCALE = Symbol('TIME_SCALE');
