import { boundsOf } from '../../../shared/geometry';
import type { Lang } from '../../../shared/model';
import type { TemplateInfo } from '../../net/api';

/**
 * The template's sections drawn to scale: their rectangles, colours and titles, as the board
 * will lay them out. A blank template is an empty sheet.
 */
export function TemplatePreview({ sections, lang }: { sections: TemplateInfo['sections']; lang: Lang }) {
  const b = boundsOf(sections);
  if (!b) {
    return (
      <svg className="template-preview" viewBox="0 0 160 90" aria-hidden="true" focusable="false">
        <rect x="4" y="4" width="152" height="82" rx="6" className="template-preview-sheet" />
      </svg>
    );
  }
  const pad = Math.max(b.width, b.height) * 0.03;
  // Type sized for the whole map, so titles stay legible relative to each other once scaled down.
  const font = Math.max(b.width, b.height) / 16;
  return (
    <svg
      className="template-preview"
      viewBox={`${b.x - pad} ${b.y - pad} ${b.width + pad * 2} ${b.height + pad * 2}`}
      preserveAspectRatio="xMidYMid meet"
      aria-hidden="true"
      focusable="false"
    >
      {sections.map((s, i) => {
        const inset = Math.min(s.width, s.height) * 0.08;
        const size = Math.min(font, s.height * 0.3);
        const shown = fitTitle(lang === 'en' && s.en ? s.en.title : s.title, s.width - inset * 2, size);
        return (
          <g key={i}>
            <rect x={s.x} y={s.y} width={s.width} height={s.height} rx={size * 0.4} fill={s.color} stroke="#aeb6bf" strokeWidth={font * 0.08} />
            <text x={s.x + inset} y={s.y + inset + size} fontSize={size} fontWeight={700} fill="#24292f">
              {shown}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** `title` cut to what fits `width` at `size`: SVG text does not wrap, and a cut reads better than a spill. */
export function fitTitle(title: string, width: number, size: number): string {
  // CJK glyphs are about one em wide, Latin ones about half.
  const perChar = /[^\x00-\x7f]/.test(title) ? size : size * 0.55;
  const room = Math.max(1, Math.floor(width / perChar));
  return title.length > room ? `${title.slice(0, Math.max(1, room - 1))}…` : title;
}
