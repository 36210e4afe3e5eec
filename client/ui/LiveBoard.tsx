import { lazy, Suspense, useEffect, useState } from 'react';
import { Camera } from '../canvas/camera';
import type { Summary } from '../net/api';
import { newNoteId } from '../net/ids';
import { DoorChannel } from '../net/door';
import { connectBoardSocket } from '../net/socket';
import { SyncClient, type JoinInfo } from '../net/SyncClient';
import type { You } from '../../shared/protocol';
import { NoteActions } from '../state/actions';
import { BoardProvider, useConnection } from '../state/hooks';
import { BoardUi } from '../state/ui';
import { BoardLayout } from './BoardLayout';
import { errorToastKey } from './errorToast';
import { RemovedNotice } from './RemovedNotice';
import { exposeForTests } from './testHooks';
import { DoorContext } from './door/DoorContext';
import { Doorway } from './door/Doorway';

// Only the projector draws QR codes; phones joining the board need not download that code.
const PresentLayout = lazy(() => import('./present/PresentLayout').then((m) => ({ default: m.PresentLayout })));

type Props = {
  joinInfo: JoinInfo;
  summary: Summary | null;
  present: boolean;
  /** Keeps who we are on this board, so a reload is the same person. */
  remember(you: You): void;
  /** `declined`: a facilitator answered our wait at the door with no (DR4). */
  onRefused(code: 'forbidden' | 'not_found', declined?: boolean): void;
  /** The newcomer gave up waiting at the door (DR5). */
  onCancelWait?(): void;
};

type Session = { client: SyncClient; ui: BoardUi; actions: NoteActions; camera: Camera; door: DoorChannel };

/** One live connection to one board, and everything drawn from it. */
export function LiveBoard({ joinInfo, summary, present, remember, onRefused, onCancelWait }: Props) {
  const [session, setSession] = useState<Session | null>(null);

  useEffect(() => {
    const socket = connectBoardSocket();
    const door = new DoorChannel(socket, joinInfo.boardId);
    door.start();
    const client = new SyncClient(socket, joinInfo, {
      onJoined: (you) => {
        door.settled();
        remember(you);
      },
    });
    const ui = new BoardUi();
    const actions = new NoteActions(client, ui, newNoteId);
    const camera = new Camera();
    const offError = client.onError((e, op) => ui.toast(errorToastKey(e, op)));
    const unexpose = exposeForTests(client, camera);
    client.start();
    setSession({ client, ui, actions, camera, door });
    return () => {
      door.stop();
      offError();
      unexpose();
      client.stop();
    };
    // `remember` is new on every render of the page; the connection lives as long as the join info.
  }, [joinInfo]);

  if (!session) return null;
  const { boardId, facilitatorKey } = joinInfo;
  return (
    <DoorContext.Provider value={session.door}>
      <BoardProvider value={{ source: session.client, actions: session.actions, ui: session.ui, readOnly: present }}>
        <Refusals onRefused={onRefused} door={session.door} />
        <Doorway door={session.door} onCancel={() => onCancelWait?.()}>
          {present ? (
            <Suspense fallback={null}>
              <PresentLayout camera={session.camera} summary={summary} boardId={boardId} />
            </Suspense>
          ) : (
            <BoardLayout camera={session.camera} summary={summary} boardId={boardId} facilitatorKey={facilitatorKey} />
          )}
        </Doorway>
      </BoardProvider>
    </DoorContext.Provider>
  );
}

/** The server will not take us back: removed (say so, stay put) or refused (ask who we are again). */
function Refusals({ onRefused, door }: { onRefused: Props['onRefused']; door: DoorChannel }) {
  const { fatal } = useConnection();
  useEffect(() => {
    // Refused while held at the door: the facilitator said no, not that our identity is wrong.
    if (fatal === 'forbidden' || fatal === 'not_found') onRefused(fatal, fatal === 'forbidden' && door.wait.get() !== null);
  }, [fatal, onRefused, door]);
  return fatal === 'removed' ? <RemovedNotice /> : null;
}
