import { useEffect, useState } from 'react';
import type { Affiliation } from '../../shared/model';
import { useT } from '../i18n';
import { fetchBoardSummary, type Summary } from '../net/api';
import {
  dropKeyFromAddress,
  forgetFacilitatorKey,
  forgetIdentity,
  forgetPresentIdentity,
  loadFacilitatorKey,
  loadIdentity,
  saveIdentity,
  takeFacilitatorKey,
  type Identity,
} from '../net/identity';
import type { JoinInfo } from '../net/SyncClient';
import { doorTokenFromHash, loadDoorToken, saveDoorToken } from '../net/door';
import type { Navigate } from './HomePage';
import { JoinForm } from './JoinForm';
import { LiveBoard } from './LiveBoard';

type Props = { boardId: string; present: boolean; navigate: Navigate };

/** `/b/:id` and `/b/:id/present`: who are we on this board, then the live board. */
export function BoardPage(props: Props) {
  return props.present ? <ProjectorPage {...props} /> : <PersonPage {...props} />;
}

/**
 * The wall joins as nobody (PROTOCOL PR1): whatever key or identity this browser holds, it shows
 * only what the room may see, so the facilitator can open it from the laptop that runs the board.
 */
function ProjectorPage({ boardId, navigate }: Props) {
  const t = useT();
  const summary = useSummary(boardId);
  const [joinInfo] = useState<JoinInfo>(() => {
    // A key in the address would sit on the wall for everybody to photograph.
    takeDoorToken(boardId);
    dropKeyFromAddress();
    // What an earlier version of this page kept: the wall has no identity to resume.
    forgetPresentIdentity(boardId);
    return { boardId, name: t('present.name'), projector: true };
  });
  const [missing, setMissing] = useState(false);
  if (missing || summary === 'missing') return <Missing navigate={navigate} />;
  return <LiveBoard joinInfo={joinInfo} summary={summary} present remember={() => {}} onRefused={() => setMissing(true)} />;
}

function useSummary(boardId: string): Summary | null | 'missing' {
  const [summary, setSummary] = useState<Summary | null | 'missing'>(null);
  useEffect(() => {
    let live = true;
    void fetchBoardSummary(boardId).then((r) => {
      if (!live) return;
      if (r.ok) setSummary(r.value);
      else if (r.status === 404) setSummary('missing');
    });
    return () => {
      live = false;
    };
  }, [boardId]);
  return summary;
}

function Missing({ navigate }: { navigate: Navigate }) {
  const t = useT();
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

function PersonPage({ boardId, navigate }: Props) {
  const fetched = useSummary(boardId);
  const summary = fetched === 'missing' ? null : fetched;
  const [missing, setMissing] = useState(false);
  const [facilitatorKey, setFacilitatorKey] = useState(() => {
    // Kept in this browser and out of the address bar, which the wall would show (LK7).
    return takeFacilitatorKey(boardId) ?? loadFacilitatorKey(boardId);
  });
  const [joinInfo, setJoinInfo] = useState<JoinInfo | null>(() => {
    takeDoorToken(boardId);
    const person = loadIdentity(boardId);
    return person ? withKey(resume(boardId, person), facilitatorKey) : null;
  });
  const [refused, setRefused] = useState<false | 'identity' | 'declined'>(false);

  if (missing || fetched === 'missing') return <Missing navigate={navigate} />;

  if (!joinInfo) {
    const join = (name: string, affiliation: Affiliation) => setJoinInfo(withDoor(withKey({ boardId, name, affiliation }, facilitatorKey), loadDoorToken(boardId)));
    return <JoinForm title={summary?.title ?? ''} facilitator={!!facilitatorKey} refused={refused} onJoin={join} />;
  }

  return (
    <LiveBoard
      key={JSON.stringify(joinInfo)}
      joinInfo={joinInfo}
      summary={summary}
      present={false}
      remember={(you) => saveIdentity(boardId, { participantId: you.id, secret: you.secret, name: joinInfo.name, affiliation: joinInfo.affiliation ?? 'other' })}
      onCancelWait={() => setJoinInfo(null)}
      onRefused={(code, declined) => {
        if (code === 'not_found') {
          setMissing(true);
          return;
        }
        if (declined) {
          setRefused('declined');
          setJoinInfo(null);
          return;
        }
        // A stale or foreign identity, or a wrong key on a first join: forget it and ask again.
        if (!joinInfo.participant && facilitatorKey) {
          forgetFacilitatorKey(boardId);
          setFacilitatorKey(null);
        }
        forgetIdentity(boardId);
        setRefused('identity');
        setJoinInfo(null);
      }}
    />
  );
}

const resume = (boardId: string, id: Identity): JoinInfo => ({
  boardId,
  name: id.name,
  affiliation: id.affiliation,
  participant: { id: id.participantId, secret: id.secret },
});

function withKey(info: JoinInfo, key: string | null): JoinInfo {
  return key ? { ...info, facilitatorKey: key } : info;
}

function withDoor(info: JoinInfo, token: string | null): JoinInfo {
  return token ? { ...info, door: token } : info;
}

/**
 * A QR link's `#door=` (DR3) is kept for this board and taken out of the address bar, so the
 * next person shown this screen does not read it off; the rest of the fragment stays.
 */
function takeDoorToken(boardId: string) {
  const token = doorTokenFromHash(location.hash);
  if (!token) return;
  saveDoorToken(boardId, token);
  const rest = location.hash.replace(/^#/, '').split('&').filter((p) => !p.startsWith('door=')).join('&');
  history.replaceState(history.state, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
}
