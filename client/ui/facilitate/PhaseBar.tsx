import { useEffect, useRef } from 'react';
import { LIMITS } from '../../../shared/limits';
import type { Board } from '../../../shared/model';
import { useT, type MessageKey } from '../../i18n';
import { useBoard, useBoardContext, useStore } from '../../state/hooks';
import { currentPhase, DEFAULT_ROUND, PHASES, runPhase, type Phase } from '../../state/phases';
import { useTemplateHints } from './useTemplateHints';
import { TIMER_PRESETS } from './TimerControls';

export const LABEL: Record<Phase, { label: MessageKey; tip: MessageKey }> = {
  private: { label: 'phase.private', tip: 'phase.privateTip' },
  reveal: { label: 'phase.reveal', tip: 'phase.revealTip' },
  vote: { label: 'phase.vote', tip: 'phase.voteTip' },
  results: { label: 'phase.results', tip: 'phase.resultsTip' },
  reflect: { label: 'phase.reflect', tip: 'phase.reflectTip' },
};
export const NUMERALS = ['①', '②', '③', '④', '⑤'] as const;
const BUDGETS = Array.from({ length: LIMITS.maxVoteBudget }, (_, i) => i + 1);

/** A section meant for reflection, if the template has one: ⑤ brings everybody there. */
function reflectionSection(board: Board): string | null {
  const s = Object.values(board.sections).find((x) => /ふりかえり|振り返り|KPT|reflect/i.test(`${x.title} ${x.en?.title ?? ''}`));
  return s?.id ?? null;
}

/**
 * ① write alone → ② share → ③ vote → ④ results → ⑤ reflect. Each step sends what the board needs
 * to be in that phase; the highlighted step is read from the board, so every facilitator sees the same.
 * Steps the board's template does not plan for stay available, only quieter.
 */
export function PhaseBar() {
  const t = useT();
  const { source, ui } = useBoardContext();
  const board = useBoard();
  const round = useStore(ui.round);
  const hints = useTemplateHints(board?.template ?? null);
  // The template's dots per person are the first offer; the facilitator's own choice wins after that.
  const offered = useRef(false);
  useEffect(() => {
    if (offered.current || !hints.suggestedBudget) return;
    offered.current = true;
    // Still the untouched default object: nobody has chosen anything yet.
    if (ui.round.get() === DEFAULT_ROUND) ui.round.set({ ...DEFAULT_ROUND, budget: hints.suggestedBudget });
  }, [hints.suggestedBudget, ui]);
  if (!board) return null;
  const current = currentPhase(board);

  const go = (phase: Phase) => {
    runPhase(source, phase, round);
    if (phase === 'results' || phase === 'reflect') ui.resultsOpen.set(true);
    const section = phase === 'reflect' ? reflectionSection(board) : null;
    if (section) source.submit({ type: 'focus', sectionId: section });
  };

  return (
    <nav className="phase-bar" data-testid="phase-bar" data-current={current ?? ''} aria-label={t('phase.bar')}>
      <ol>
        {PHASES.map((p, i) => (
          <li key={p}>
            <button
              type="button"
              className={`phase${p === current ? ' is-current' : ''}${hints.phases && !hints.phases.includes(p) ? ' is-optional' : ''}`}
              data-testid={`phase-${p}`}
              aria-current={p === current ? 'step' : undefined}
              title={t(LABEL[p].tip)}
              onClick={() => go(p)}
            >
              <span className="phase-num" aria-hidden="true">
                {NUMERALS[i]}
              </span>
              {t(LABEL[p].label)}
            </button>
          </li>
        ))}
      </ol>
      <div className="phase-options">
        <label title={t('vote.budget')}>
          <span>{t('vote.budget')}</span>
          <select data-testid="phase-budget" value={round.budget} onChange={(e) => ui.round.set({ ...round, budget: Number(e.target.value), maxPerNote: null })}>
            {BUDGETS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label title={t('phase.timer')}>
          <span>{t('phase.timer')}</span>
          <select data-testid="phase-timer" value={round.timerSeconds ?? 0} onChange={(e) => ui.round.set({ ...round, timerSeconds: Number(e.target.value) || null })}>
            <option value={0}>{t('timer.none')}</option>
            {TIMER_PRESETS.map((s) => (
              <option key={s} value={s}>
                {t('timer.minutes', { n: s / 60 })}
              </option>
            ))}
          </select>
        </label>
      </div>
    </nav>
  );
}
