import { useEffect, useState } from 'react';
import type { Affiliation } from '../../shared/model';
import { useT } from '../i18n';
import { fetchBoardSummary, type Summary } from '../net/api';
import {
  facilitatorKeyFromHash,
  forgetFacilitatorKey,
  forgetIdentity,
  forgetPresentIdentity,
  loadFacilitatorKey,
  loadIdentity,
  loadPresentIdentity,
  saveFacilitatorKey,
  saveIdentity,
  savePresentIdentity,
  type Identity,
} from '../net/identity';
import type { JoinInfo } from '../net/SyncClient';
import type { Navigate } from './HomePage';
import { JoinForm } from './JoinForm';
import { LiveBoard } from './LiveBoard';

type Props = { boardId: string; present: boolean; navigate: Navigate };

/** `/b/:id` and `/b/:id/present`: who are we on this board, then the live board. */
export function BoardPage({ boardId, present, navigate }: Props) {
  const t = useT();
  const [summary, setSummary] = useState<Summary | null>(null);
  const [missing, setMissing] = useState(false);
  const [facilitatorKey, setFacilitatorKey] = useState(() => {
    const fromLink = facilitatorKeyFromHash(location.hash);
    if (fromLink) saveFacilitatorKey(boardId, fromLink);
    return fromLink ?? loadFacilitatorKey(boardId);
  });
  // The projector joins by itself with the key: nobody stands at the wall to type a name.
  const [joining, setJoining] = useState<Joining | null>(() => {
    const person = loadIdentity(boardId);
    if (person) return { kind: 'person', info: withKey(resume(boardId, person), facilitatorKey) };
    if (!present || !facilitatorKey) return null;
    const projector = loadPresentIdentity(boardId);
    const info: JoinInfo = projector ? resume(boardId, projector) : { boardId, name: t('present.name'), affiliation: 'other' };
    return { kind: 'projector', info: withKey(info, facilitatorKey) };
  });
  const joinInfo = joining?.info ?? null;
  const [refused, setRefused] = useState(false);

  useEffect(() => {
    let live = true;
    void fetchBoardSummary(boardId).then((r) => {
      if (!live) return;
      if (r.ok) setSummary(r.value);
      else if (r.status === 404) setMissing(true);
    });
    return () => {
      live = false;
    };
  }, [boardId]);

  if (missing) {
    return (
      <div className="page center">
        <div className="card">
          <h1>{t('board.notFound')}</h1>
          <a className="btn" href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>
            {t('board.backHome')}
          </a>
        </div>
      </div>
    );
  }

  if (!joinInfo) {
    const join = (name: string, affiliation: Affiliation) => setJoining({ kind: 'person', info: withKey({ boardId, name, affiliation }, facilitatorKey) });
    return <JoinForm title={summary?.title ?? ''} facilitator={!!facilitatorKey} refused={refused} onJoin={join} />;
  }

  return (
    <LiveBoard
      key={JSON.stringify(joinInfo)}
      joinInfo={joinInfo}
      summary={summary}
      present={present}
      remember={(you) => {
        const identity = { participantId: you.id, secret: you.secret, name: joinInfo.name, affiliation: joinInfo.affiliation ?? 'other' };
        if (joining?.kind === 'projector') savePresentIdentity(boardId, identity);
        else saveIdentity(boardId, identity);
      }}
      onRefused={(code) => {
        if (code === 'not_found') {
          setMissing(true);
          return;
        }
        // A stale or foreign identity, or a wrong key on a first join: forget it and ask again.
        if (!joinInfo.participant && facilitatorKey) {
          forgetFacilitatorKey(boardId);
          setFacilitatorKey(null);
        }
        if (joining?.kind === 'projector') forgetPresentIdentity(boardId);
        else forgetIdentity(boardId);
        setRefused(true);
        setJoining(null);
      }}
    />
  );
}

type Joining = { kind: 'person' | 'projector'; info: JoinInfo };

const resume = (boardId: string, id: Identity): JoinInfo => ({
  boardId,
  name: id.name,
  affiliation: id.affiliation,
  participant: { id: id.participantId, secret: id.secret },
});

function withKey(info: JoinInfo, key: string | null): JoinInfo {
  return key ? { ...info, facilitatorKey: key } : info;
}
