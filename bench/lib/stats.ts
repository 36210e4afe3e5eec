/** Latency samples in milliseconds, growing as needed, cheap to add to at tens of thousands per second. */
export class Samples {
  private data: Float64Array;
  private n = 0;
  constructor(capacity = 1 << 16) {
    this.data = new Float64Array(capacity);
  }
  add(x: number) {
    if (this.n === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.n++] = x;
  }
  get count() {
    return this.n;
  }
  sorted(): Float64Array {
    return this.data.slice(0, this.n).sort();
  }
  summary(): Summary {
    const s = this.sorted();
    return { count: s.length, p50: quantile(s, 0.5), p99: quantile(s, 0.99), max: s.length ? s[s.length - 1]! : NaN };
  }
}

export type Summary = { count: number; p50: number; p99: number; max: number };

/** Nearest-rank quantile of sorted data. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

export function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * The lowest of repeated figures. On a shared machine a round is only ever slowed down by
 * others, never sped up, so the best round is the one closest to what the code itself costs.
 */
export function best(xs: number[]): number {
  const ok = xs.filter((x) => Number.isFinite(x));
  return ok.length ? Math.min(...ok) : NaN;
}

/** `1.2 (1.1–1.4)`: the median of repeats with their range, for notes. */
export function spread(xs: number[], digits = 2): string {
  const ok = xs.filter((x) => Number.isFinite(x));
  if (ok.length === 0) return 'n/a';
  const f = (x: number) => x.toFixed(digits);
  if (ok.length === 1) return f(ok[0]!);
  return `${f(median(ok))} (${f(Math.min(...ok))}–${f(Math.max(...ok))})`;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
