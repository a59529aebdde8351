/**
 * The one clock that lib/credits and the jobs read (DESIGN.md §4.8). Every
 * ledger function takes its time from here and hands it to SQL, so tests can
 * move through expiries, months and renewals by setting it.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

let current: Clock = systemClock;

export function now(): Date {
  return current.now();
}

/** Replace the clock (tests, simulations); returns a function that restores the previous one. */
export function setClock(clock: Clock): () => void {
  const previous = current;
  current = clock;
  return () => {
    current = previous;
  };
}

/** A clock that stands still until moved. */
export function manualClock(start: Date | string = "2026-01-01T00:00:00Z") {
  let time = new Date(start).getTime();
  return {
    now: () => new Date(time),
    set: (to: Date | string) => {
      time = new Date(to).getTime();
    },
    advance: (ms: number) => {
      time += ms;
    },
  };
}
