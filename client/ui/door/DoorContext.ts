import { createContext, useContext } from 'react';
import type { DoorChannel } from '../../net/door';

/** The door of the board this page is connected to (null on pages with no connection). */
export const DoorContext = createContext<DoorChannel | null>(null);
export const useDoor = () => useContext(DoorContext);
