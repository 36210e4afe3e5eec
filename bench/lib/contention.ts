import { readFileSync } from 'node:fs';
import { hasTaskset } from './children.js';
import { sleep } from './stats.js';

/**
 * The machine is shared: other people's tests and browsers run on the same two cores. These read
 * /proc/stat so that each measurement says how much of the server's core (core 0) others took,
 * and so that a round can wait a little for a quiet moment before it starts.
 */
export type CoreTimes = { busy: number; total: number; at: number } | null;

const TICK_US = 10_000; // USER_HZ is 100 on Linux

export function coreTimes(core = 0): CoreTimes {
  try {
    const line = readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`cpu${core} `));
    if (!line) return null;
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (f[3] ?? 0) + (f[4] ?? 0);
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total, at: performance.now() };
  } catch {
    return null;
  }
}

/** Others' share of core 0 since `before`, given the server's own CPU time over the same span. */
export function othersOnServerCore(before: CoreTimes, serverCpuUs: number): number | null {
  const now = coreTimes();
  if (!before || !now || !hasTaskset) return null;
  const busyUs = (now.busy - before.busy) * TICK_US;
  const wallUs = (now.at - before.at) * 1000;
  return Math.max(0, Math.min(1, (busyUs - serverCpuUs) / wallUs));
}

/** Wait (at most `maxMs`) until core 0 is less than `threshold` busy over a 300 ms sample. */
export async function quietCore(maxMs: number, threshold = 0.3): Promise<number> {
  const start = performance.now();
  let share = 1;
  while (performance.now() - start < maxMs) {
    const a = coreTimes();
    await sleep(300);
    const b = coreTimes();
    if (!a || !b || b.total === a.total) return 0;
    share = (b.busy - a.busy) / (b.total - a.total);
    if (share < threshold) break;
  }
  return share;
}
