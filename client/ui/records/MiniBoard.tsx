import { boundsOf } from '../../../shared/geometry';
import type { Board, Lang } from '../../../shared/model';
import { fitTitle } from '../templates/TemplatePreview';

/** A board drawn small and still: sections with their titles, notes as coloured paper. */
export function MiniBoard({ board, lang }: { board: Board; lang: Lang }) {
  const sections = Object.values(board.sections);
  const notes = Object.values(board.notes);
  const b = boundsOf([...sections, ...notes]);
  if (!b) return null;
  const pad = Math.max(b.width, b.height) * 0.02;
  const font = Math.min(Math.max(b.width, b.height) / 28, Math.min(...sections.map((s) => s.height / 3), Infinity));
  return (
    <svg className="records-mini" viewBox={`${b.x - pad} ${b.y - pad} ${b.width + pad * 2} ${b.height + pad * 2}`} aria-hidden="true" focusable="false">
      {sections.map((s) => (
        <g key={s.id}>
          <rect x={s.x} y={s.y} width={s.width} height={s.height} rx={font * 0.4} fill={s.color} stroke="#aeb6bf" strokeWidth={font * 0.06} />
          <text x={s.x + font * 0.6} y={s.y + font * 1.4} fontSize={font} fontWeight={700} fill="#24292f">
            {fitTitle(lang === 'en' && s.en ? s.en.title : s.title, s.width - font * 1.2, font)}
          </text>
        </g>
      ))}
      {notes.map((n) => (
        <rect key={n.id} x={n.x} y={n.y} width={n.width} height={n.height} rx={font * 0.2} fill={n.color} stroke="rgba(0,0,0,0.2)" strokeWidth={font * 0.04} />
      ))}
    </svg>
  );
}
