import { useT } from '../i18n';
import { useBoardContext, useBoardField, useYou } from '../state/hooks';
import { castVote, myVotesOn } from '../state/votes';
import { useLockedForMe } from './useLocked';
import { Icon } from './icons';

/**
 * Voting from the list: on a phone, or for a screen reader, the list is the board, so each
 * note carries the same + and − as on the canvas, with how many of one's votes it holds.
 */
export function ListVote({ id }: { id: string }) {
  const t = useT();
  const { source, ui } = useBoardContext();
  const me = useYou()?.id ?? '';
  const mine = useBoardField((b) => myVotesOn(b, id, me), 0);
  const locked = useLockedForMe();
  const why = locked ? t('tool.lockedTip') : undefined;
  return (
    <span className="list-vote" role="group" aria-label={t('vote.heading')}>
      <button type="button" className="btn small icon" data-testid="list-vote-remove" aria-label={t('vote.remove')} title={why ?? t('vote.remove')} disabled={locked || mine === 0} onClick={() => castVote(source, ui, id, true)}>
        <Icon name="minus" size={16} />
      </button>
      <span className="list-vote-mine" data-mine={mine} aria-label={`${t('vote.yours')}: ${mine}`}>
        {mine}
      </span>
      <button type="button" className="btn small icon btn-vote" data-testid="list-vote-add" aria-label={t('vote.add')} title={why ?? t('vote.add')} disabled={locked} onClick={() => castVote(source, ui, id, false)}>
        <Icon name="plus" size={16} />
      </button>
    </span>
  );
}
