/** The current time as a port: code takes a Clock instead of calling `new Date()`, so a test can say what time it is. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * The system clock moved by `offsetMs` (CLOCK_OFFSET, refused in production): what PROCESS_CLOCK is when a test runs
 * the processes on another day (a Saturday, then a Monday) to see the bank calendar act. Zero: the system clock.
 */
export const offsetClock = (offsetMs: number): Clock =>
  offsetMs === 0 ? systemClock : { now: () => new Date(Date.now() + offsetMs) };

/**
 * The injection token of the process's business clock (a Clock): the payouts', routing's, dispatch's and the rails'
 * time, systemClock moved by CLOCK_OFFSET. Provided once by ConfigModule.
 */
export const PROCESS_CLOCK = Symbol('PROCESS_CLOCK');
