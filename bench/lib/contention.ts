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
    // user nice system idle iowait irq softirq steal: interrupt time is left out of "busy", since
    // on loopback much of it is the kernel carrying our own packets, not another process.
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
    const busy = user + nice + system + steal;
    return { busy, total: busy + idle + iowait + irq + softirq, at: performance.now() };
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
