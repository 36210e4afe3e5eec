import { lazy, Suspense, useEffect, useState } from 'react';
import { Camera } from '../canvas/camera';
import type { Summary } from '../net/api';
import { newNoteId } from '../net/ids';
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

// Only the projector draws QR codes; phones joining the board need not download that code.
const PresentLayout = lazy(() => import('./present/PresentLayout').then((m) => ({ default: m.PresentLayout })));

type Props = {
  joinInfo: JoinInfo;
  summary: Summary | null;
  present: boolean;
  /** Keeps who we are on this board, so a reload is the same person. */
  remember(you: You): void;
  onRefused(code: 'forbidden' | 'not_found'): void;
};

type Session = { client: SyncClient; ui: BoardUi; actions: NoteActions; camera: Camera };

/** One live connection to one board, and everything drawn from it. */
export function LiveBoard({ joinInfo, summary, present, remember, onRefused }: Props) {
  const [session, setSession] = useState<Session | null>(null);

  useEffect(() => {
    const client = new SyncClient(connectBoardSocket(), joinInfo, { onJoined: remember });
    const ui = new BoardUi();
    const actions = new NoteActions(client, ui, newNoteId);
    const camera = new Camera();
    const offError = client.onError((e, op) => ui.toast(errorToastKey(e, op)));
    const unexpose = exposeForTests(client, camera);
    client.start();
    setSession({ client, ui, actions, camera });
    return () => {
      offError();
      unexpose();
      client.stop();
    };
    // `remember` is new on every render of the page; the connection lives as long as the join info.
  }, [joinInfo]);

  if (!session) return null;
  const { boardId, facilitatorKey } = joinInfo;
  return (
    <BoardProvider value={{ source: session.client, actions: session.actions, ui: session.ui, readOnly: present }}>
      <Refusals onRefused={onRefused} />
      {present ? (
        <Suspense fallback={null}>
          <PresentLayout camera={session.camera} summary={summary} boardId={boardId} />
        </Suspense>
      ) : (
        <BoardLayout camera={session.camera} summary={summary} boardId={boardId} facilitatorKey={facilitatorKey} />
      )}
    </BoardProvider>
  );
}

/** The server will not take us back: removed (say so, stay put) or refused (ask who we are again). */
function Refusals({ onRefused }: { onRefused: Props['onRefused'] }) {
  const { fatal } = useConnection();
  useEffect(() => {
    if (fatal === 'forbidden' || fatal === 'not_found') onRefused(fatal);
  }, [fatal, onRefused]);
  return fatal === 'removed' ? <RemovedNotice /> : null;
}
