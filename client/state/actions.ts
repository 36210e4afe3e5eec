import { gatherNotes, tidySection, type TidyOrder } from '../../shared/arrange';
import type { Rect } from '../../shared/geometry';
import { LIMITS, NOTE_DEFAULT_SIZE } from '../../shared/limits';
import { DEFAULT_NOTE_COLOR, type Board } from '../../shared/model';
import { freeSpot, sectionForNewNote } from '../../shared/placement';
import { History } from './history';
import { invert } from './inverse';
import type { BoardSource, OpBody } from './source';
import type { BoardUi } from './ui';

type Move = { id: string; x: number; y: number };

/**
 * Every note gesture, from the canvas or the list, becomes ops here; what it did is remembered
 * as inverse ops so the person can undo their own steps (and only theirs).
 */
export class NoteActions {
  readonly history = new History();
  color: string = DEFAULT_NOTE_COLOR;

  constructor(
    private readonly source: BoardSource,
    private readonly ui: BoardUi,
    private readonly newNoteId: () => string,
  ) {}

  private get board(): Board | null {
    return this.source.board.get();
  }

  /** Adds a note centred on (cx, cy), nudged so that it does not sit exactly on another one. */
  addNote(cx: number, cy: number): string | null {
    const board = this.board;
    if (!board) return null;
    let x = Math.round(cx - NOTE_DEFAULT_SIZE.width / 2);
    let y = Math.round(cy - NOTE_DEFAULT_SIZE.height / 2);
    const taken = new Set(Object.values(board.notes).map((n) => `${n.x},${n.y}`));
    while (taken.has(`${x},${y}`)) {
      x += 24;
      y += 24;
    }
    const id = this.newNoteId();
    return this.perform([{ type: 'note.add', note: { id, text: '', x, y, color: this.color } }]) ? id : null;
  }

  /**
   * A note from the toolbar or `N`: at the first free cell of the section this person looks at
   * (`view`, in board coordinates), or of their own partner's column (N2). This screen may not
   * show every note (private writing), so the server settles the spot and the note moves there
   * when its op comes back (N1).
   */
  addNoteInView(view: Rect): string | null {
    const board = this.board;
    if (!board) return null;
    const me = this.source.identity.get()?.id;
    const section = sectionForNewNote(board.sections, view, me ? board.participants[me]?.affiliation : undefined);
    const middle = {
      x: Math.round(view.x + view.width / 2 - NOTE_DEFAULT_SIZE.width / 2),
      y: Math.round(view.y + view.height / 2 - NOTE_DEFAULT_SIZE.height / 2),
    };
    const spot = freeSpot(board, section ? { section } : { at: middle });
    const id = this.newNoteId();
    const note = { id, text: '', ...spot, color: this.color, ...(section ? { sectionId: section.id } : {}) };
    return this.perform([{ type: 'note.add', note, place: 'free' }]) ? id : null;
  }

  /** The facilitator's tidy (N3): one move, undone as one step. */
  tidySection(sectionId: string, order: TidyOrder): number {
    const board = this.board;
    return board ? this.moveAll(tidySection(board, sectionId, order), board) : 0;
  }

  /** The facilitator's gather (N3): the notes in one block at the first of them. */
  gather(ids: readonly string[]): number {
    const board = this.board;
    return board ? this.moveAll(gatherNotes(board, ids), board) : 0;
  }

  private moveAll(moves: Move[], before: Board): number {
    if (moves.length) this.commitMove(moves, before);
    return moves.length;
  }

  updateText(id: string, text: string): void {
    const note = this.board?.notes[id];
    if (!note || note.text === text) return;
    this.perform([{ type: 'note.update', id, patch: { text: text.slice(0, LIMITS.noteText) } }]);
  }

  setColor(ids: Iterable<string>, color: string): void {
    this.color = color;
    const notes = this.board?.notes ?? {};
    const ops: OpBody[] = [];
    for (const id of ids) if (notes[id] && notes[id]!.color !== color) ops.push({ type: 'note.update', id, patch: { color } });
    this.perform(ops);
  }

  deleteNotes(ids: Iterable<string>): void {
    const notes = this.board?.notes ?? {};
    const present = [...ids].filter((id) => notes[id]);
    const ops: OpBody[] = [];
    for (let i = 0; i < present.length; i += LIMITS.idsPerOp) ops.push({ type: 'note.delete', ids: present.slice(i, i + LIMITS.idsPerOp) });
    this.perform(ops);
  }

  /** While dragging: others see the notes move; nothing is remembered for undo. */
  moveLive(moves: Move[]): void {
    const changed = this.changedMoves(moves);
    if (changed.length) this.source.submit({ type: 'note.move', moves: changed.slice(0, LIMITS.movesPerOp) });
  }

  /** At the end of a drag: undo goes back to where the notes were when the drag began. */
  commitMove(moves: Move[], before: Board): void {
    const ops: OpBody[] = [];
    for (let i = 0; i < moves.length; i += LIMITS.movesPerOp) ops.push({ type: 'note.move', moves: moves.slice(i, i + LIMITS.movesPerOp) });
    const inverse: OpBody[] = [];
    for (const op of ops) {
      // The live moves may already have put the notes there; the final op is still sent so the end position is exact.
      const res = this.source.submit(op);
      if (res.ok) inverse.unshift(...invert(before, op));
    }
    this.history.record(inverse);
  }

  undo(): void {
    const entry = this.history.takeUndo();
    if (entry) this.history.pushRedo(this.run(entry));
  }

  redo(): void {
    const entry = this.history.takeRedo();
    if (entry) this.history.pushUndo(this.run(entry));
  }

  private perform(ops: OpBody[]): boolean {
    if (!ops.length) return false;
    const inverse = this.submitAll(ops);
    this.history.record(inverse ?? []);
    return inverse !== null;
  }

  /** Submits in order; returns the inverse of what was applied, or null if nothing was. */
  private submitAll(ops: OpBody[]): OpBody[] | null {
    const inverse: OpBody[] = [];
    let applied = 0;
    for (const op of ops) {
      const before = this.board;
      if (!before) break;
      if (!this.source.submit(op).ok) continue;
      applied++;
      inverse.unshift(...invert(before, op));
    }
    return applied ? inverse : null;
  }

  /** Runs an undo or redo entry without the normal error toasts, and says once if any step failed. */
  private run(entry: OpBody[]): OpBody[] {
    const inverse: OpBody[] = [];
    let failed = false;
    for (const op of entry) {
      const before = this.board;
      const viable = before && this.stillApplies(before, op);
      if (!viable || !this.source.submit(op).ok) {
        failed = true;
        continue;
      }
      inverse.unshift(...invert(before, op));
    }
    if (failed) this.ui.toast('error.undoFailed');
    return inverse;
  }

  /** Undo is asked to restore what someone else may have removed or re-created meanwhile. */
  private stillApplies(board: Board, op: OpBody): boolean {
    switch (op.type) {
      case 'note.add':
        return !board.notes[op.note.id];
      case 'note.update':
        return !!board.notes[op.id];
      case 'note.move':
        return op.moves.every((m) => board.notes[m.id]);
      case 'note.delete':
        return op.ids.some((id) => board.notes[id]);
      default:
        return true;
    }
  }

  private changedMoves(moves: Move[]): Move[] {
    const notes = this.board?.notes ?? {};
    return moves.filter((m) => notes[m.id] && (notes[m.id]!.x !== m.x || notes[m.id]!.y !== m.y));
  }
}
