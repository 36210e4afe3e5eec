import { useBoardField, useYou } from '../state/hooks';

/** The facilitator has locked the board and this person is not a facilitator: nothing to edit. */
export function useLockedForMe(): boolean {
  const you = useYou();
  const locked = useBoardField((b) => b.settings.locked, false);
  return locked && you?.role !== 'facilitator';
}
