import type { Row } from './types.js';

const fmt = (x: number | null) => (x === null ? '—' : String(x));

/** The rows as a fixed-width table; notes follow under it, one per row that has one. */
export function table(rows: Row[]): string {
  const head = ['id', 'name', 'value', 'unit', 'baseline', 'ratio', 'goal', 'pass'];
  const cells = rows.map((r) => [r.id, r.name, fmt(r.value), r.unit, fmt(r.baseline), fmt(r.ratio), r.goal, r.pass ? 'yes' : 'NO']);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
  const notes = rows.filter((r) => r.note).map((r) => `${r.id}: ${r.note}`);
  return [...out, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

/** The same rows as a Markdown table, for docs/PERFORMANCE.md. */
export function markdown(rows: Row[]): string {
  const head = '| id | measure | value | unit | baseline | ratio | goal | pass |\n| --- | --- | ---: | --- | ---: | ---: | --- | --- |';
  const body = rows.map((r) => `| ${r.id} | ${r.name} | ${fmt(r.value)} | ${r.unit} | ${fmt(r.baseline)} | ${fmt(r.ratio)} | ${r.goal} | ${r.pass ? 'yes' : '**no**'} |`);
  return [head, ...body].join('\n');
}
