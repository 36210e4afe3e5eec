import { Store } from './store';
import type { OpBody } from './source';

const DEPTH = 100;

/** Stacks of inverse ops for one person's own actions; each entry is undone as one step. */
export class History {
  private undoStack: OpBody[][] = [];
  private redoStack: OpBody[][] = [];
  readonly sizes = new Store<{ undo: number; redo: number }>({ undo: 0, redo: 0 });

  record(inverse: OpBody[]): void {
    if (!inverse.length) return;
    this.undoStack.push(inverse);
    if (this.undoStack.length > DEPTH) this.undoStack.shift();
    this.redoStack = [];
    this.publish();
  }

  takeUndo(): OpBody[] | undefined {
    const e = this.undoStack.pop();
    this.publish();
    return e;
  }

  takeRedo(): OpBody[] | undefined {
    const e = this.redoStack.pop();
    this.publish();
    return e;
  }

  pushUndo(inverse: OpBody[]): void {
    if (inverse.length) this.undoStack.push(inverse);
    this.publish();
  }

  pushRedo(inverse: OpBody[]): void {
    if (inverse.length) this.redoStack.push(inverse);
    this.publish();
  }

  private publish(): void {
    const cur = this.sizes.get();
    if (cur.undo !== this.undoStack.length || cur.redo !== this.redoStack.length)
      this.sizes.set({ undo: this.undoStack.length, redo: this.redoStack.length });
  }
}
