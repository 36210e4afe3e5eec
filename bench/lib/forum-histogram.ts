/**
 * Latencies counted in 1 ms bins up to 10 s: a generator process adds tens of thousands a second
 * to it for nothing, and the parts from several processes add up exactly, which quantiles of
 * their own would not.
 */
export const HISTOGRAM_BINS = 10_001;

export class Histogram {
  readonly bins: number[];
  constructor(bins?: number[]) {
    this.bins = bins ?? new Array<number>(HISTOGRAM_BINS).fill(0);
  }
  add(ms: number) {
    const i = Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.round(ms)));
    this.bins[i]!++;
  }
  merge(other: { bins: number[] }) {
    for (let i = 0; i < HISTOGRAM_BINS; i++) this.bins[i]! += other.bins[i] ?? 0;
    return this;
  }
  get count() {
    return this.bins.reduce((a, b) => a + b, 0);
  }
  /** Nearest-rank quantile, in whole milliseconds (the last bin means 10 s or more). */
  quantile(q: number): number {
    const n = this.count;
    if (n === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * n));
    let seen = 0;
    for (let i = 0; i < HISTOGRAM_BINS; i++) if ((seen += this.bins[i]!) >= rank) return i;
    return HISTOGRAM_BINS - 1;
  }
  get max(): number {
    for (let i = HISTOGRAM_BINS - 1; i >= 0; i--) if (this.bins[i]) return i;
    return NaN;
  }
}
