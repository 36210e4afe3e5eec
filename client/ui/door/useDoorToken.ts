import { loadDoorToken } from '../../net/door';
import { useBoardField, useStore, useYou } from '../../state/hooks';
import { useDoor } from './DoorContext';

const NONE = { get: () => null, subscribe: () => () => {} };

/**
 * The door token to put in a join link shown by this screen (DR3), or null: only while the code
 * alone may stop admitting, and only on a facilitator's screen or the wall. The facilitator's
 * browser hears it from the server; a wall opened from that browser, or by the panel's link, has
 * it from there.
 */
export function useDoorToken(boardId: string): string | null {
  const door = useDoor();
  const desk = useStore(door?.desk ?? NONE);
  const you = useYou();
  const mode = useBoardField((b) => b.settings.door ?? 'open', 'open');
  if (mode === 'open' || !you || you.role === 'participant') return null;
  return desk?.token ?? loadDoorToken(boardId);
}
