import type { Camera } from '../../canvas/camera';
import { useT } from '../../i18n';
import { BoardSwitches } from './BoardSwitches';
import { DoorControls } from '../door/DoorControls';
import { FocusControls } from './FocusControls';
import { ShareControls } from './ShareControls';
import { TidyControls } from './TidyControls';
import { TimerControls } from './TimerControls';
import { VotingControls } from './VotingControls';

type Props = { camera: Camera; boardId: string; facilitatorKey: string | undefined };

/** Everything only a facilitator does, in the order a workshop needs it. */
export function FacilitatorPanel({ camera, boardId, facilitatorKey }: Props) {
  const t = useT();
  return (
    <section className="panel fac-panel" data-testid="facilitator-panel" aria-label={t('fac.panel')}>
      <h2 className="panel-title">{t('fac.panel')}</h2>
      <TimerControls />
      <VotingControls />
      <BoardSwitches />
      <DoorControls boardId={boardId} />
      <FocusControls camera={camera} />
      <TidyControls camera={camera} />
      <ShareControls boardId={boardId} facilitatorKey={facilitatorKey} />
    </section>
  );
}
