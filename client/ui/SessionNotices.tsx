import { useState } from 'react';
import { useT } from '../i18n';
import { useBoard, useBoardContext, useBoardField, usePresence, useStore, useYou } from '../state/hooks';
import { remainingVotes, votingProgress } from '../state/votes';
import { Icon } from './icons';
import { PhaseNotice } from './PhaseNotice';
import './facilitation.css';

/**
 * What the facilitator has set that changes what this person can do right now, said in plain
 * words under the toolbar: private writing, the lock, an open vote (with the votes left).
 */
export function SessionNotices() {
  const t = useT();
  const you = useYou();
  const facilitator = you?.role === 'facilitator';
  const privateWriting = useBoardField((b) => b.settings.privateWriting, false);
  const locked = useBoardField((b) => b.settings.locked, false);
  const anonymous = useBoardField((b) => b.settings.anonymous, false);
  const votingOpen = useBoardField((b) => b.voting.open, false);
  return (
    <div className="notices">
      <PhaseNotice />
      {privateWriting && (facilitator ? <p className="notice notice-private">{t('fac.privateOn')}</p> : <PrivateNotice />)}
      {locked && (
        <p className="notice notice-locked" data-testid="notice-locked" role="status">
          <strong>{facilitator ? t('notice.lockedFac') : t('notice.locked')}</strong>
          {!facilitator && <span>{t('notice.lockedDetail')}</span>}
        </p>
      )}
      {votingOpen && (facilitator ? <VotingProgress /> : <VotingStrip />)}
      {anonymous && <p className="notice notice-quiet">{t('notice.anonymous')}</p>}
    </div>
  );
}

/** A refresh is a fresh join on the server (an op, a presence broadcast): not more than one every few seconds. */
const REFRESH_PAUSE_MS = 3000;

function PrivateNotice() {
  const t = useT();
  const { source } = useBoardContext();
  const hidden = useStore(source.hiddenNotes);
  const [resting, setResting] = useState(false);
  const refresh = () => {
    source.refreshView();
    setResting(true);
    setTimeout(() => setResting(false), REFRESH_PAUSE_MS);
  };
  return (
    <p className="notice notice-private" data-testid="notice-private" role="status">
      <strong>{t('notice.private')}</strong>
      <span className="hidden-count" data-testid="hidden-count" data-count={hidden} title={t('notice.hiddenAsOf')}>
        {t('notice.hiddenCount', { n: hidden })}
      </span>
      <button type="button" className="btn btn-quiet small" data-testid="hidden-refresh" title={t('notice.hiddenAsOf')} aria-label={t('notice.hiddenRefresh')} disabled={resting} onClick={refresh}>
        <Icon name="refresh" size={16} />
      </button>
    </p>
  );
}

/** The facilitator rarely votes; what they need under the toolbar is how far the room is. */
function VotingProgress() {
  const t = useT();
  const board = useBoard();
  const presence = usePresence();
  if (!board) return null;
  const { done, online } = votingProgress(board, presence);
  return (
    <p className="notice notice-vote" data-testid="voting-strip" role="status">
      <strong>{board.voting.hidden ? t('vote.openHidden') : t('vote.open')}</strong>
      <span className="votes-left" title={t('vote.progressHint')}>
        {t('vote.progress', { done, online })}
      </span>
    </p>
  );
}

function VotingStrip() {
  const t = useT();
  const you = useYou();
  const left = useBoardField((b) => (you ? remainingVotes(b, you.id) : 0), 0);
  const budget = useBoardField((b) => b.voting.budget, 0);
  const hidden = useBoardField((b) => b.voting.hidden, false);
  const dots = Array.from({ length: budget }, (_, i) => i < left);
  return (
    <p className="notice notice-vote" data-testid="voting-strip" role="status">
      <strong>{hidden ? t('vote.openHidden') : t('vote.open')}</strong>
      <span className="votes-left" data-testid="votes-left" data-left={left}>
        {budget <= 10 && (
          <span className="vote-dots" aria-hidden="true">
            {dots.map((on, i) => (
              <span key={i} className={`vote-dot${on ? '' : ' is-used'}`} />
            ))}
          </span>
        )}
        {t('vote.leftOf', { n: left, budget })}
      </span>
      <span className="hint">{t('vote.howTo')}</span>
    </p>
  );
}
