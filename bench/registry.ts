import { p1 } from './benchmarks/p1-fanout.js';
import { p2 } from './benchmarks/p2-throughput.js';
import { p3 } from './benchmarks/p3-ack.js';
import { p4 } from './benchmarks/p4-join.js';
import { p5 } from './benchmarks/p5-drag.js';
import { p6 } from './benchmarks/p6-memory.js';
import { p7 } from './benchmarks/p7-bundle.js';
import { p8 } from './benchmarks/p8-join-form.js';
import { p9 } from './benchmarks/p9-import-flood.js';
import { p10 } from './benchmarks/p10-forum.js';
import type { Benchmark } from './lib/types.js';

/**
 * Every benchmark, in run order. A new one is a module exporting a `Benchmark`
 * (`{id, name, budgetMs, run(opts) → Row[]}`) added here; the runner does the rest.
 */
export const BENCHMARKS: Benchmark[] = [p1, p2, p3, p4, p5, p6, p7, p8, p9, p10];
