import { useEffect, useState } from 'react';
import { BoardCanvas } from '../canvas/BoardCanvas';
import { Camera } from '../canvas/camera';
import { errorKey, useT } from '../i18n';
import type { Summary } from '../net/api';
import { newNoteId } from '../net/ids';
import { saveIdentity } from '../net/identity';
import { connectBoardSocket } from '../net/socket';
import { SyncClient, type JoinInfo } from '../net/SyncClient';
import { NoteActions } from '../state/actions';
import { BoardProvider, useBoardField, useConnection, useYou } from '../state/hooks';
import { BoardUi } from '../state/ui';
import { Header } from './Header';
import { ListView } from './ListView';
import { ParticipantList } from './ParticipantList';
import { Toasts } from './Toasts';
import { Toolbar } from './Toolbar';
import { exposeForTests } from './testHooks';

type Props = {
  joinInfo: JoinInfo;
  summary: Summary | null;
  present: boolean;
  onRefused(code: 'forbidden' | 'not_found'): void;
};

type Session = { client: SyncClient; ui: BoardUi; actions: NoteActions; camera: Camera };

const narrow = () => window.matchMedia('(max-width: 760px)').matches;

/** One live connection to one board, and everything drawn from it. */
export function LiveBoard({ joinInfo, summary, present, onRefused }: Props) {
  const [session, setSession] = useState<Session | null>(null);

  useEffect(() => {
    const { boardId, name } = joinInfo;
    const client = new SyncClient(connectBoardSocket(), joinInfo, {
      onJoined: (you) => saveIdentity(boardId, { participantId: you.id, secret: you.secret, name, affiliation: joinInfo.affiliation ?? 'other' }),
    });
    const ui = new BoardUi();
    const actions = new NoteActions(client, ui, newNoteId);
    const camera = new Camera();
    const offError = client.onError((e) => ui.toast(errorKey(e.code)));
    const unexpose = exposeForTests(client, camera);
    client.start();
    setSession({ client, ui, actions, camera });
    return () => {
      offError();
      unexpose();
      client.stop();
    };
  }, [joinInfo]);

  if (!session) return null;
  return (
    <BoardProvider value={{ source: session.client, actions: session.actions, ui: session.ui, readOnly: present }}>
      <BoardLayout camera={session.camera} summary={summary} boardId={joinInfo.boardId} present={present} onRefused={onRefused} />
    </BoardProvider>
  );
}

function BoardLayout({ camera, summary, boardId, present, onRefused }: { camera: Camera; summary: Summary | null; boardId: string; present: boolean; onRefused: Props['onRefused'] }) {
  const t = useT();
  const { fatal } = useConnection();
  const locked = useBoardField((b) => b.settings.locked, false);
  const you = useYou();
  const [listOpen, setListOpen] = useState(narrow);
  const [peopleOpen, setPeopleOpen] = useState(() => !narrow() && !present);
  const [tool, setTool] = useState<'pan' | 'select'>('pan');

  useEffect(() => {
    if (fatal === 'forbidden' || fatal === 'not_found') onRefused(fatal);
  }, [fatal, onRefused]);

  return (
    <div className={`board-page${present ? ' is-present' : ''}`}>
      <Header summary={summary} boardId={boardId} />
      {fatal === 'removed' && (
        <p className="banner" role="alert">
          {t('board.removed')}
        </p>
      )}
      {locked && you?.role !== 'facilitator' && (
        <p className="banner banner-info" role="status">
          {t('board.locked')}
        </p>
      )}
      <Toolbar
        camera={camera}
        listOpen={listOpen}
        onToggleList={() => setListOpen((v) => !v)}
        peopleOpen={peopleOpen}
        onTogglePeople={() => setPeopleOpen((v) => !v)}
        tool={tool}
        onTool={setTool}
      />
      <div className="board-main">
        <BoardCanvas camera={camera} tool={tool} />
        {(listOpen || peopleOpen) && (
          <aside className="sidebar">
            {peopleOpen && <ParticipantList />}
            {listOpen && <ListView />}
          </aside>
        )}
      </div>
      <Toasts />
    </div>
  );
}
