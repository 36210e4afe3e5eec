import { LIMITS } from '../../../shared/limits';
import { useT } from '../../i18n';
import { useBoard, useBoardContext, useBoardField, usePresence, useStore } from '../../state/hooks';
import { rankNotes } from '../../state/ranking';
import { votingProgress } from '../../state/votes';

const BUDGETS = Array.from({ length: LIMITS.maxVoteBudget }, (_, i) => i + 1);
const LIVE_TALLY = 5;

/** Set up a round and start it; while it is open, how far people are and the live tally. */
export function VotingControls() {
  const t = useT();
  const { source, ui } = useBoardContext();
  const open = useBoardField((b) => b.voting.open, false);
  const round = useStore(ui.round);
  const set = (patch: Partial<typeof round>) => ui.round.set({ ...round, ...patch });
  const start = () =>
    source.submit({ type: 'voting.start', budget: round.budget, hidden: round.hidden, ...(round.maxPerNote ? { maxPerNote: round.maxPerNote } : {}) });

  return (
    <section className="fac-section" aria-labelledby="fac-vote">
      <h3 id="fac-vote">{t('vote.heading')}</h3>
      {open ? (
        <OpenRound />
      ) : (
        <>
          <div className="field-row">
            <label>
              <span>{t('vote.budget')}</span>
              <select data-testid="vote-budget" value={round.budget} onChange={(e) => set({ budget: Number(e.target.value), maxPerNote: null })}>
                {BUDGETS.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t('vote.maxPerNote')}</span>
              <select data-testid="vote-max" value={round.maxPerNote ?? 0} onChange={(e) => set({ maxPerNote: Number(e.target.value) || null })}>
                <option value={0}>{t('vote.maxPerNoteAny')}</option>
                {BUDGETS.filter((n) => n < round.budget).map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label className="check">
            <input type="checkbox" data-testid="vote-hidden" checked={round.hidden} onChange={(e) => set({ hidden: e.target.checked })} />
            <span>{t('vote.hidden')}</span>
          </label>
          <button type="button" className="btn btn-primary" data-testid="vote-start" onClick={start}>
            {t('vote.start')}
          </button>
        </>
      )}
    </section>
  );
}

function OpenRound() {
  const t = useT();
  const { source } = useBoardContext();
  const board = useBoard();
  const presence = usePresence();
  if (!board) return null;
  const { done, online } = votingProgress(board, presence);
  const top = rankNotes(board).slice(0, LIVE_TALLY);
  return (
    <>
      <p className="status-line">
        <span className="live-dot" aria-hidden="true" />
        {board.voting.hidden ? t('vote.openHidden') : t('vote.open')} · {t('vote.budget')} {board.voting.budget}
      </p>
      <p className="progress" data-testid="vote-progress" data-done={done} data-online={online} title={t('vote.progressHint')}>
        <strong>{t('vote.progress', { done, online })}</strong>
        <meter min={0} max={Math.max(online, 1)} value={done} />
        <span className="hint">{t('vote.progressHint')}</span>
      </p>
      {top.length === 0 ? (
        <p className="hint">{t('vote.none')}</p>
      ) : (
        <ol className="tally" data-testid="vote-tally">
          {top.map((r) => (
            <li key={r.noteId} data-note-id={r.noteId} data-votes={r.votes}>
              <span className="tally-votes">{r.votes}</span>
              <span className="tally-text">{board.notes[r.noteId]?.text || t('note.empty')}</span>
            </li>
          ))}
        </ol>
      )}
      <button type="button" className="btn btn-primary" data-testid="vote-end" onClick={() => source.submit({ type: 'voting.end' })}>
        {t('vote.end')}
      </button>
    </>
  );
}
