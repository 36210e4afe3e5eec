import type { Measure } from '../../shared/linebreak';

/** Widths at this size, divided down: large enough that rounding inside the browser does not show. */
const PROBE_SIZE = 100;
const measures = new Map<string, Measure>();

/**
 * How wide text is in `fontFamily` at font size 1, measured by the browser's own canvas (the
 * fonts Konva will draw with). Character widths are kept, so a note's text costs a few lookups.
 */
export function measureFor(fontFamily: string, fontStyle = 'normal'): Measure {
  const key = `${fontStyle} ${fontFamily}`;
  const known = measures.get(key);
  if (known) return known;
  const ctx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  const widths = new Map<string, number>();
  let measure: Measure;
  if (!ctx) measure = approximate;
  else {
    ctx.font = `${fontStyle} ${PROBE_SIZE}px ${fontFamily}`;
    measure = (text) => {
      let w = 0;
      for (const ch of text) {
        let cw = widths.get(ch);
        if (cw === undefined) {
          cw = ctx.measureText(ch).width / PROBE_SIZE;
          widths.set(ch, cw);
        }
        w += cw;
      }
      return w;
    };
  }
  measures.set(key, measure);
  return measure;
}

/** Without a canvas: full-width characters one em, others about half of one. */
const approximate: Measure = (text) => {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) < 0x2000 ? 0.55 : 1;
  return w;
};
