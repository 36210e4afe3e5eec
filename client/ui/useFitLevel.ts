import { useLayoutEffect, useReducer, useRef, useState, type RefObject } from 'react';

/**
 * How many steps of tucking away a row needs so that it does not overflow: 0 shows everything;
 * each step moves more into "more". Measured before paint after every render (the row's content
 * changes: a results button, a facilitator's panel toggle), and again when the row gets narrower;
 * when it gets wider it starts from `min` and steps up again, so a wide window shows it all.
 */
export function useFitLevel(row: RefObject<HTMLElement | null>, min: number, max: number): number {
  const [level, setLevel] = useState(min);
  // A resize re-renders, so the check below runs even when the level stays: CSS alone can widen the row.
  const [, measureAgain] = useReducer((n: number) => n + 1, 0);
  const width = useRef(0);
  const shown = Math.min(max, Math.max(level, min));

  useLayoutEffect(() => {
    const el = row.current;
    if (el && shown < max && el.scrollWidth > el.clientWidth + 1) setLevel(shown + 1);
  });

  useLayoutEffect(() => {
    const el = row.current;
    if (!el) return;
    width.current = el.clientWidth;
    const ro = new ResizeObserver(() => {
      const w = el.clientWidth;
      if (w > width.current + 1) setLevel(min);
      width.current = w;
      measureAgain();
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [row, min, max]);

  return shown;
}
