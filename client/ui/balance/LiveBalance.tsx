import { useMemo } from 'react';
import { balanceOf } from '../../../shared/balance';
import { useBoard, usePresence } from '../../state/hooks';
import { BalanceChart, type BalanceKind } from './BalanceChart';

type Props = {
  /**
   * `facilitator`: the facilitator's own screen, which may see a hidden round's dots (V5).
   * `room`: a screen everybody sees (the projector), where a hidden round's dots by affiliation
   * would tell who voted before the reveal, so they stay hidden as in T10.
   */
  audience: 'facilitator' | 'room';
  kinds?: readonly BalanceKind[];
  large?: boolean;
  heading?: boolean;
};

/**
 * The balance of voices of the live board, counted on this screen's replica with the shared
 * balanceOf. Only the facilitator's and the projector's replicas hold every note and dot; a
 * participant's would undercount (T9). Mount inside the board's BoardProvider.
 */
export function LiveBalance({ audience, kinds, large, heading }: Props) {
  const board = useBoard();
  const presence = usePresence();
  const balance = useMemo(() => {
    if (!board) return null;
    const online = new Set(presence.filter((p) => p.online).map((p) => p.id));
    return balanceOf(board, online, { facilitator: audience === 'facilitator' });
  }, [board, presence, audience]);
  return <BalanceChart balance={balance} kinds={kinds} large={large} heading={heading} />;
}
