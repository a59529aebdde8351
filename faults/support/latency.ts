/**
 * Figures for load runs: latencies per kind of request, and a least-squares
 * slope for memory samples. Reported, never asserted (DESIGN.md §7).
 */

export class Latencies {
  private readonly byKind = new Map<string, number[]>();

  add(kind: string, ms: number) {
    const list = this.byKind.get(kind) ?? [];
    list.push(ms);
    this.byKind.set(kind, list);
  }

  /** p50, p99 and max (ms) and the count per kind. */
  summary(): Record<string, { count: number; p50Ms: number; p99Ms: number; maxMs: number }> {
    const result: Record<string, { count: number; p50Ms: number; p99Ms: number; maxMs: number }> = {};
    for (const [kind, list] of [...this.byKind].sort(([a], [b]) => a.localeCompare(b))) {
      const at = (p: number) => round(percentile(list, p));
      result[kind] = { count: list.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: round(Math.max(...list)) };
    }
    return result;
  }
}

/** The value below which a share `p` (0..1) of the values lie (nearest rank); NaN for none. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Slope of y over x by least squares; 0 for fewer than two points. */
export function slope(points: { x: number; y: number }[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

export function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
