import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Board, Note } from '../../../shared/model';
import { boardFromView } from '../../../shared/view';
import { useLang, useT } from '../../i18n';
import { fetchResults, type Results } from '../../net/api';
import { rankNotes, type Ranked } from '../../state/ranking';
import { BalanceChart } from '../balance/BalanceChart';
import { LangToggle } from '../LangToggle';
import type { Navigate } from '../HomePage';
import { formatMoment } from './time';
import './records.css';

/** Often enough to follow a workshop that is still running, rarely enough to cost nothing. */
const REFRESH_MS = 20_000;
const TOP_OVERALL = 10;

type Loaded = { results: Results; board: Board };

/**
 * `/b/:id/results` (情報はオープンに): the ranked results and the balance of voices, for anybody
 * with the join link, without joining. It shows what a participant would see: while private
 * writing or a hidden round is on, the server leaves out what is still hidden.
 */
export function ResultsPage({ boardId, navigate }: { boardId: string; navigate: Navigate }) {
  const t = useT();
  const lang = useLang();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [problem, setProblem] = useState<'missing' | 'failed' | null>(null);

  const load = useCallback(async () => {
    const res = await fetchResults(boardId);
    if (res.ok) {
      setLoaded({ results: res.value, board: boardFromView(res.value.board) });
      setProblem(null);
    } else setProblem(res.status === 404 ? 'missing' : 'failed');
  }, [boardId]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => document.visibilityState === 'visible' && void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const title = loaded?.board.title ?? '';
  useEffect(() => {
    document.title = `${title ? `${title} — ` : ''}${t('resultsPage.heading')}`;
  }, [title, t]);

  const back = `/b/${encodeURIComponent(boardId)}`;
  return (
    <div className="page results-page" data-testid="results-page">
      <header className="home-header">
        <div>
          <p className="eyebrow">{t('resultsPage.heading')}</p>
          <h1 className="brand results-title">{title}</h1>
          {loaded && <p className="tagline">{formatMoment(loaded.board.createdAt, lang, loaded.board.timeZone, true)}</p>}
        </div>
        <LangToggle />
      </header>
      {problem === 'missing' && <p className="form-error">{t('board.notFound')}</p>}
      {problem === 'failed' && !loaded && <p className="form-error">{t('resultsPage.failed')}</p>}
      {!loaded && !problem && <p className="hint">{t('records.loading')}</p>}
      {loaded && <ResultsBody loaded={loaded} />}
      <p className="results-footer">
        <a href={back} onClick={(e) => (e.preventDefault(), navigate(back))}>
          {t('resultsPage.toBoard')}
        </a>
        <button type="button" className="btn btn-quiet small" data-testid="results-refresh" onClick={() => void load()}>
          {t('resultsPage.refresh')}
        </button>
      </p>
    </div>
  );
}

function ResultsBody({ loaded: { results, board } }: { loaded: Loaded }) {
  const t = useT();
  const lang = useLang();
  const overall = useMemo(() => rankNotes(board).slice(0, TOP_OVERALL), [board]);
  const sections = useMemo(() => groupsOf(board), [board]);
  const { voting } = board;
  const hiddenNotes = results.board.hiddenNotes;
  return (
    <main className="results-layout">
      <div className="results-main">
        {hiddenNotes > 0 && <p className="notice notice-private">{t('resultsPage.privateOn', { n: hiddenNotes })}</p>}
        {voting.open && <p className="notice notice-vote">{voting.hidden ? t('resultsPage.votingHidden') : t('resultsPage.votingOpen')}</p>}
        <section className="card results-card" aria-labelledby="results-overall">
          <h2 id="results-overall">{t('resultsPage.overall')}</h2>
          {overall.length === 0 ? <p className="empty">{t('resultsPage.empty')}</p> : <RankList board={board} items={overall} testId="results-page-overall" />}
        </section>
        {sections.map((g) => {
          const title = g.title(lang, t('list.unsorted'));
          const ranked = rankNotes(board, g.notes.map((n) => n.id));
          const voted = new Set(ranked.map((r) => r.noteId));
          return (
            <section key={g.id ?? ''} className="card results-card" data-testid="results-page-section" data-section-id={g.id ?? ''} aria-label={title}>
              <h2>
                {title} <span className="count">{t('snap.notes', { n: g.notes.length })}</span>
              </h2>
              <RankList board={board} items={ranked} />
              <Unvoted notes={g.notes.filter((n) => !voted.has(n.id))} />
            </section>
          );
        })}
      </div>
      <aside className="card results-side">
        <h2>{t('balance.heading')}</h2>
        <BalanceChart balance={results.balance} heading={false} live={false} />
        <p className="hint">{t('resultsPage.counts', { people: results.balance.totals.participants, notes: Object.keys(board.notes).length + hiddenNotes })}</p>
      </aside>
    </main>
  );
}

type Group = { id: string | null; title(lang: 'ja' | 'en', unsorted: string): string; notes: Note[] };

function groupsOf(board: Board): Group[] {
  const by = new Map<string | null, Note[]>();
  for (const s of Object.values(board.sections)) by.set(s.id, []);
  by.set(null, []);
  for (const n of Object.values(board.notes)) (by.get(n.sectionId) ?? by.get(null)!).push(n);
  return [...by]
    .filter(([, notes]) => notes.length > 0)
    .map(([id, notes]) => {
      const s = id ? board.sections[id] : undefined;
      return { id, notes, title: (lang, unsorted) => (s ? (lang === 'en' && s.en ? s.en.title : s.title) : unsorted) };
    });
}

function RankList({ board, items, testId }: { board: Board; items: Ranked[]; testId?: string }) {
  const t = useT();
  if (items.length === 0) return null;
  return (
    // The tie marks get a column of their own, so they line up down the list.
    <ol className={`results-ranks${items.some((r) => r.tied) ? ' has-ties' : ''}`} data-testid={testId}>
      {items.map((r) => {
        const note = board.notes[r.noteId];
        return (
          <li key={r.noteId} data-note-id={r.noteId} data-rank={r.rank} data-votes={r.votes} data-tied={r.tied} className={`rank-${Math.min(r.rank, 4)}`}>
            <span className="results-place">{t('resultsPage.rank', { n: r.rank })}</span>
            <span className="results-tie">{r.tied && <span className="tie">{t('resultsPage.tie')}</span>}</span>
            <span className="results-text" style={{ borderLeftColor: note?.color }}>
              {note?.text || t('note.empty')}
              {note?.authorName && <span className="results-author">{note.authorName}</span>}
            </span>
            <span className="results-votes">{t('resultsPage.votes', { n: r.votes })}</span>
          </li>
        );
      })}
    </ol>
  );
}

function Unvoted({ notes }: { notes: Note[] }) {
  const t = useT();
  if (notes.length === 0) return null;
  return (
    <ul className="results-unvoted">
      {notes.map((n) => (
        <li key={n.id} data-note-id={n.id} style={{ borderLeftColor: n.color }}>
          {n.text || t('note.empty')}
          {n.authorName && <span className="results-author">{n.authorName}</span>}
        </li>
      ))}
    </ul>
  );
}
