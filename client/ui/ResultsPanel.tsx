import { useEffect, useMemo, useRef } from 'react';
import type { Board } from '../../shared/model';
import { useLang, useT } from '../i18n';
import { useBoard, useBoardContext, useYou } from '../state/hooks';
import { rankNotes, resultsBySection, type Ranked } from '../state/ranking';
import { Icon } from './icons';

const TOP_OVERALL = 10;
const TOP_PER_SECTION = 5;

/**
 * The ranked results of the last round: overall, then per section. Equal counts share a rank
 * and say so. `large` is the projector's version, with nothing to click but close.
 */
export function ResultsPanel({ large = false, onClose }: { large?: boolean; onClose?: () => void }) {
  const t = useT();
  const lang = useLang();
  const board = useBoard();
  const facilitator = useYou()?.role === 'facilitator';
  const ranked = useMemo(() => (board ? { overall: rankNotes(board).slice(0, TOP_OVERALL), sections: resultsBySection(board) } : null), [board]);
  const panel = useRef<HTMLElement>(null);
  const shown = board !== null;
  // Results open when they arrive: in view, wherever the panel they are in was scrolled to.
  useEffect(() => {
    if (shown && !large) panel.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [shown, large]);
  if (!board || !ranked) return null;
  const sectionTitle = (id: string | null) => {
    const s = id ? board.sections[id] : undefined;
    return s ? (lang === 'en' && s.en ? s.en.title : s.title) : t('list.unsorted');
  };
  return (
    <section ref={panel} className={`panel results${large ? ' is-large' : ''}`} data-testid="results" aria-label={t('results.heading')}>
      <h2 className="panel-title">
        <Icon name="award" size={large ? 28 : 18} /> {t('results.heading')}
        {onClose && (
          <button type="button" className="btn btn-quiet icon small close" data-testid="results-close" aria-label={t('results.close')} title={t('results.close')} onClick={onClose}>
            <Icon name="close" size={16} />
          </button>
        )}
      </h2>
      {!large && facilitator && <p className="hint">{t('results.onProjector')}</p>}
      {ranked.overall.length === 0 ? (
        <p className="empty">{t('results.empty')}</p>
      ) : (
        <>
          <h3>{t('results.overall')}</h3>
          <RankList board={board} items={ranked.overall} testId="results-overall" />
          {ranked.sections.length > 1 &&
            ranked.sections.map((s) => (
              <div key={s.sectionId ?? ''} className="results-section" data-section-id={s.sectionId ?? ''}>
                <h3>{sectionTitle(s.sectionId)}</h3>
                <RankList board={board} items={s.ranked.slice(0, TOP_PER_SECTION)} />
              </div>
            ))}
        </>
      )}
    </section>
  );
}

function RankList({ board, items, testId }: { board: Board; items: Ranked[]; testId?: string }) {
  const t = useT();
  const { ui } = useBoardContext();
  return (
    // Ranks, tie marks and texts each in a column of their own, so they line up down the list.
    <ol className={`rank-list${items.some((r) => r.tied) ? ' has-ties' : ''}`} data-testid={testId}>
      {items.map((r) => {
        const note = board.notes[r.noteId];
        return (
          <li key={r.noteId} data-note-id={r.noteId} data-rank={r.rank} data-votes={r.votes} className={`rank-${Math.min(r.rank, 4)}`} onClick={() => ui.select([r.noteId])}>
            <span className="rank">{t('results.rank', { n: r.rank })}</span>
            <span className="rank-tie">{r.tied && <span className="tie">{t('results.tie')}</span>}</span>
            <span className="rank-text" style={{ borderLeftColor: note?.color }}>
              {note?.text || t('note.empty')}
            </span>
            <span className="rank-votes">{t('vote.votes', { n: r.votes })}</span>
          </li>
        );
      })}
    </ol>
  );
}
