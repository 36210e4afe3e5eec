/**
 * One line of `bench/results/latest.json`. `value` and `baseline` are in `unit`; `ratio` is
 * value / baseline from the same run; `pass` is computed from `value` (and `baseline`) by the goal.
 */
export type Row = {
  id: string;
  name: string;
  value: number | null;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  goal: string;
  pass: boolean;
  /** What the baseline is, the spread of repeats, anything a reader needs to trust the figure. */
  note?: string;
};

export type RunOpts = {
  quick: boolean;
  /** Run server children under `--cpu-prof` and summarise where they spent their time. */
  profile: boolean;
  /** Prints progress lines (to stderr, so the table on stdout stays clean). */
  log: (msg: string) => void;
};

export type Benchmark = {
  id: string;
  name: string;
  /** Longest this benchmark may take, quick and full; the runner stops it after that (default 2 and 10 minutes). */
  budgetMs?: { quick: number; full: number };
  run: (opts: RunOpts) => Promise<Row[]>;
};

/** A goal knows its text and how to judge a value (and the same-run baseline) against it. */
export type Goal = { text: string; check: (value: number, baseline: number | null) => boolean };

export const atMost = (limit: number, unit: string): Goal => ({
  text: `≤ ${limit} ${unit}`,
  check: (v) => v <= limit,
});

export const atMostTimesBaseline = (factor: number, what = 'baseline'): Goal => ({
  text: `≤ ${factor} × ${what}`,
  check: (v, b) => b !== null && b > 0 && v <= factor * b,
});

export function row(r: {
  id: string;
  name: string;
  value: number | null;
  unit: string;
  baseline: number | null;
  goal: Goal;
  note?: string;
}): Row {
  const ratio = r.value !== null && r.baseline !== null && r.baseline !== 0 ? r.value / r.baseline : null;
  const pass = r.value !== null && Number.isFinite(r.value) && r.goal.check(r.value, r.baseline);
  return {
    id: r.id,
    name: r.name,
    value: r.value === null ? null : round(r.value),
    unit: r.unit,
    baseline: r.baseline === null ? null : round(r.baseline),
    ratio: ratio === null ? null : round(ratio),
    goal: r.goal.text,
    pass,
    ...(r.note ? { note: r.note } : {}),
  };
}

/** A row for a figure that could not be measured: never a pass. */
export function missing(id: string, name: string, unit: string, goal: Goal, note: string): Row {
  return { id, name, value: null, unit, baseline: null, ratio: null, goal: goal.text, pass: false, note };
}

/** Three significant digits: enough for noisy measurements, short in a table. */
export function round(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))));
  return Number(x.toFixed(Math.min(digits, 6)));
}
