import { createContext } from 'react';
import type { Konva } from './konva';
import type { DragSession } from './dragSession';

export type NoteHandlers = {
  press(id: string, additive: boolean): void;
  click(id: string, additive: boolean): void;
  edit(id: string): void;
  dragStart(id: string, node: Konva.Node): void;
  dragMove(id: string, node: Konva.Node): void;
  dragEnd(id: string, node: Konva.Node): void;
  vote(id: string, remove: boolean): void;
};

export const NoteCanvasContext = createContext<{ handlers: NoteHandlers; session: DragSession } | null>(null);
