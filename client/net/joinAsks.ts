import type { JoinRequest } from '../../shared/protocol';
import { isCoarsePointer } from '../state/pointer';

export type JoinAsks = Pick<JoinRequest, 'pointers' | 'presence'>;

/**
 * What a large room needs this screen to ask for in its join: presence as deltas (RM3), and
 * pointers in batches (RM1), or none at all where none are drawn (RM2): on the wall (PR5) and
 * where the primary pointer is a finger (M2).
 */
export function joinAsks(screen: { projector?: true }, coarse = isCoarsePointer()): JoinAsks {
  return { pointers: screen.projector || coarse ? 'none' : 'batched', presence: 'delta' };
}
