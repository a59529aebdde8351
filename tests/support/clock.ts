import { manualClock, setClock } from "@/lib/credits";

/** Runs `run` with the ledger's one clock set to `start` (and movable), then puts the real clock back. */
export async function withClock<T>(start: string, run: (clock: ReturnType<typeof manualClock>) => Promise<T>) {
  const clock = manualClock(start);
  const restore = setClock(clock);
  try {
    return await run(clock);
  } finally {
    restore();
  }
}
