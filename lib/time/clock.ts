/** The source of "now" for the engine, the dispatcher and the worker; tests pass a fake one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
