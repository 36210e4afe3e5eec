import { useState } from 'react';
import type { Camera } from '../../canvas/camera';
import type { TidyOrder } from '../../../shared/arrange';
import { sectionForNewNote } from '../../../shared/placement';
import { useLang, useT } from '../../i18n';
import { useBoardContext, useSections, useStore } from '../../state/hooks';
import { boardInView } from '../../state/inView';
import './arrange.css';

/**
 * Tidy a section (its notes on its grid, by time or by votes) and gather the selected notes into
 * one block (N3). Each is one move of the facilitator's, which the toolbar's undo takes back.
 */
export function TidyControls({ camera }: { camera: Camera }) {
  const t = useT();
  const lang = useLang();
  const { actions, ui, source } = useBoardContext();
  const sections = useSections();
  const selection = useStore(ui.selection);
  // '' is "whichever section is in the middle of my screen", so zooming to a section and pressing is enough.
  const [chosen, setChosen] = useState('');
  const target = () => {
    const board = source.board.get();
    if (!board) return null;
    if (chosen && board.sections[chosen]) return chosen;
    return sectionForNewNote(board.sections, boardInView(camera))?.id ?? null;
  };
  const tidy = (order: TidyOrder) => {
    const id = target();
    const section = id ? source.board.get()?.sections[id] : undefined;
    if (!id || !section) return ui.toast('arrange.noSection');
    // Say which section: "the one in view" is a guess the facilitator should see confirmed.
    const title = (lang === 'en' && section.en ? section.en.title : section.title) || section.id;
    const n = actions.tidySection(id, order);
    ui.toast(n ? 'arrange.tidied' : 'arrange.alreadyTidy', { title, n });
  };
  const gather = () => {
    if (selection.size < 2) return ui.toast('arrange.selectMore');
    actions.gather([...selection]);
  };
  return (
    <section className="fac-section" aria-labelledby="fac-arrange">
      <h3 id="fac-arrange">{t('arrange.heading')}</h3>
      {sections.length > 0 && (
        <>
          <label className="arrange-field">
            <span>{t('arrange.section')}</span>
            <select data-testid="tidy-section" value={chosen} onChange={(e) => setChosen(e.target.value)}>
              <option value="">{t('arrange.inView')}</option>
              {sections.map((s) => (
                <option key={s.id} value={s.id}>
                  {(lang === 'en' && s.en ? s.en.title : s.title) || s.id}
                </option>
              ))}
            </select>
          </label>
          <div className="arrange-buttons">
            <button type="button" className="btn" data-testid="tidy-time" title={t('arrange.byTimeTip')} onClick={() => tidy('time')}>
              {t('arrange.byTime')}
            </button>
            <button type="button" className="btn" data-testid="tidy-votes" title={t('arrange.byVotesTip')} onClick={() => tidy('votes')}>
              {t('arrange.byVotes')}
            </button>
          </div>
        </>
      )}
      <button type="button" className="btn" data-testid="gather-selected" title={t('arrange.gatherTip')} aria-disabled={selection.size < 2} onClick={gather}>
        {t('arrange.gather')}
        {selection.size >= 2 ? ` (${selection.size})` : ''}
      </button>
    </section>
  );
}
