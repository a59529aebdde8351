/**
 * Seeded randomness for fault tests: the same seed makes the same choices
 * (what to send, when to kill), so a failing run can be replayed with its
 * printed seeds. Timing on a shared machine still varies; the choices do not.
 */

/** mulberry32: small, fast, good enough to spread kills and requests. Returns [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** An integer in [min, max]. */
export function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/**
 * The seeds of a run: from the variable `name` ("11,22,33") when it is set,
 * else `count` fresh ones. Printed either way, so any run can be repeated.
 */
export function runSeeds(name: string, count: number): number[] {
  const given = process.env[name];
  const seeds = given
    ? given.split(",").map((s) => Number(s.trim()))
    : Array.from({ length: count }, () => Math.floor(Math.random() * 2 ** 31));
  if (seeds.some((s) => !Number.isSafeInteger(s))) throw new Error(`${name} must be a comma-separated list of integers, got ${given}`);
  console.log(`${name}=${seeds.join(",")}`);
  return seeds;
}
