/** The current time as a port: code takes a Clock instead of calling `new Date()`, so a test can say what time it is. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
