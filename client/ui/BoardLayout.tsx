import { lazy, Suspense, useEffect, useState } from 'react';
import { BoardCanvas } from '../canvas/BoardCanvas';
import type { Camera } from '../canvas/camera';
import { useT } from '../i18n';
import type { Summary } from '../net/api';
import { useBoardContext, useBoardField, useStore, useYou } from '../state/hooks';
import { PhaseBar } from './facilitate/PhaseBar';
import { DoorQueue } from './door/DoorQueue';
import { Header } from './Header';
import { Icon } from './icons';
import { ListView } from './ListView';
import { ParticipantList } from './ParticipantList';
import { ResultsPanel } from './ResultsPanel';
import { SessionNotices } from './SessionNotices';
import { Toasts } from './Toasts';
import { Toolbar } from './Toolbar';
import { COMPACT, useMedia } from './useMedia';
import { AffiliationLegend, AffiliationToggle } from './balance/AffiliationColors';
import './facilitation.css';

// Facilitator-only tools load when a facilitator opens them: a participant's phone never downloads them first.
const FacilitatorPanel = lazy(() => import('./facilitate/FacilitatorPanel').then((m) => ({ default: m.FacilitatorPanel })));

type Props = { camera: Camera; summary: Summary | null; boardId: string; facilitatorKey: string | undefined };

const narrow = () => window.matchMedia(COMPACT).matches;

/** The board page: header, tools, what the facilitator has set, the canvas and the side panels. */
export function BoardLayout({ camera, summary, boardId, facilitatorKey }: Props) {
  const t = useT();
  const { ui } = useBoardContext();
  const you = useYou();
  const facilitator = you?.role === 'facilitator';
  const [listOpen, setListOpen] = useState(narrow);
  const [peopleOpen, setPeopleOpen] = useState(() => !narrow());
  const [facOpen, setFacOpen] = useState(() => !narrow());
  const [tool, setTool] = useState<'pan' | 'select'>('pan');
  const follow = useStore(ui.follow);
  const ended = useBoardField((b) => b.voting.ended && !b.voting.open, false);
  const resultsOpen = useStore(ui.resultsOpen);
  const compact = useMedia(COMPACT);

  // A round that ends opens its results for everybody; a new round closes them.
  useEffect(() => ui.resultsOpen.set(ended), [ended, ui]);

  const showFac = facilitator && facOpen;
  const showResults = ended && resultsOpen;
  return (
    <div className="board-page">
      <Header summary={summary} boardId={boardId} />
      <Toolbar
        camera={camera}
        listOpen={listOpen}
        onToggleList={() => setListOpen((v) => !v)}
        peopleOpen={peopleOpen}
        onTogglePeople={() => setPeopleOpen((v) => !v)}
        tool={tool}
        onTool={setTool}
        pinned={
          ended && (
            <button type="button" className={`btn${resultsOpen ? ' is-on' : ''}`} data-testid="toggle-results" aria-pressed={resultsOpen} title={t('results.showTip')} onClick={() => ui.resultsOpen.set(!resultsOpen)}>
              <Icon name="award" /> <span className="label-wide">{t('results.show')}</span>
            </button>
          )
        }
      >
        <button
          type="button"
          className={`btn${follow ? ' is-on' : ''}`}
          data-testid="follow-toggle"
          aria-pressed={follow}
          aria-label={t('focus.follow')}
          title={`${t('focus.follow')} — ${t('focus.followTip')}`}
          onClick={() => ui.follow.set(!follow)}
        >
          <Icon name="follow" /> <span className="label-xwide">{t('focus.follow')}</span>
        </button>
        <AffiliationToggle />
        {facilitator && (
          <button type="button" className={`btn${facOpen ? ' is-on' : ''}`} data-testid="toggle-facilitate" aria-pressed={facOpen} title={t('fac.panelTip')} onClick={() => setFacOpen((v) => !v)}>
            <Icon name="sliders" /> <span className="label-wide">{t('fac.panel')}</span>
          </button>
        )}
      </Toolbar>
      {facilitator && <PhaseBar />}
      {facilitator && <DoorQueue />}
      <SessionNotices />
      <div className="board-legend">
        <AffiliationLegend />
      </div>
      <div className="board-main">
        <BoardCanvas camera={camera} tool={tool} />
        {(listOpen || peopleOpen || showFac || (showResults && !compact)) && (
          <aside className="sidebar">
            {showResults && !compact && <ResultsPanel onClose={() => ui.resultsOpen.set(false)} />}
            {showFac && (
              <Suspense fallback={null}>
                <FacilitatorPanel camera={camera} boardId={boardId} facilitatorKey={facilitatorKey} />
              </Suspense>
            )}
            {peopleOpen && <ParticipantList />}
            {listOpen && <ListView />}
          </aside>
        )}
      </div>
      {showResults && compact && (
        <div className="results-sheet" data-testid="results-sheet">
          <ResultsPanel onClose={() => ui.resultsOpen.set(false)} />
        </div>
      )}
      <Toasts />
    </div>
  );
}
