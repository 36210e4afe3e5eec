import { useEffect } from 'react';
import type { BoardContextValue } from '../state/hooks';
import type { Camera, Point } from './camera';
import type { GestureModes } from './useStageGestures';
import { castVote } from '../state/votes';
import { boardInView } from '../state/inView';

/** Typing in a field must never add, delete or undo notes. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

const CONTROL = 'button, a[href], summary, [role="button"], [role="menuitem"], [role="checkbox"], [role="switch"], [role="tab"]';

/**
 * A focused control owns its keys: Enter and Space press a focused button (never open the
 * selected note's editor or start a pan), and a key typed there must not change the board.
 */
export function ownsKeys(target: EventTarget | null): boolean {
  return isTyping(target) || (target instanceof Element && target.closest(CONTROL) !== null);
}

/** The list view has its own keys (↑↓, Enter, Delete); of the board's, only voting reaches its focused note. */
const inList = (target: EventTarget | null) => target instanceof Element && target.closest('[data-testid="list-view"]') !== null;

/** Keys that would change the board; a locked board answers them with the reason. */
const EDIT_KEYS = new Set(['n', 'v', 'delete', 'backspace']);

type Options = {
  ctx: BoardContextValue;
  camera: Camera;
  modes: { current: GestureModes };
  pointer: { current: Point | null };
  tool: 'pan' | 'select';
  onModes(): void;
  onAddAt(p: Point): void;
};

/** Board shortcuts: N add · V vote (Shift+V take back) · Enter edit · Delete remove · Ctrl/Cmd+Z undo · Shift+Ctrl/Cmd+Z or Ctrl+Y redo · Esc deselect. */
export function useShortcuts({ ctx, camera, modes, pointer, tool, onModes, onAddAt }: Options): void {
  const { actions, ui, readOnly } = ctx;
  useEffect(() => {
    const setModes = (space: boolean, shift: boolean) => {
      const next = { space, selecting: shift || tool === 'select' };
      if (next.space === modes.current.space && next.selecting === modes.current.selecting) return;
      modes.current = next;
      onModes();
    };
    setModes(false, false);

    const lockedForMe = () => ctx.source.board.get()?.settings.locked === true && ctx.source.identity.get()?.role !== 'facilitator';
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key === 'Shift') setModes(modes.current.space, true);
      if (e.defaultPrevented || ownsKeys(e.target) || ui.editing.get()) return;
      if (inList(e.target) && e.key.toLowerCase() !== 'v') return;
      if (e.key === ' ') {
        e.preventDefault();
        setModes(true, e.shiftKey);
        return;
      }
      if (readOnly) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const deleting = key === 'delete' || key === 'backspace';
      const edits = (!mod && !e.altKey && EDIT_KEYS.has(key) && (!deleting || ui.selection.get().size > 0)) || (mod && (key === 'z' || key === 'y'));
      if (edits && lockedForMe()) {
        // Said at once, as the disabled buttons say it, instead of a refusal from the server.
        e.preventDefault();
        ui.toast('error.locked.detail');
        return;
      }
      if (mod && key === 'z') {
        e.preventDefault();
        if (e.shiftKey) actions.redo();
        else actions.undo();
      } else if (mod && key === 'y') {
        e.preventDefault();
        actions.redo();
      } else if (mod && key === 'a') {
        e.preventDefault();
        ui.select(Object.keys(ctx.source.board.get()?.notes ?? {}));
      } else if (mod || e.altKey) {
        return;
      } else if (key === 'v') {
        // V votes for the selected note, Shift+V takes a vote back (the keyboard way to the + and − on a note).
        const first = [...ui.selection.get()].find((id) => ctx.source.board.get()?.notes[id]);
        e.preventDefault();
        if (first) castVote(ctx.source, ui, first, e.shiftKey);
        else if (ctx.source.board.get()?.voting.open) ui.toast('vote.selectNote');
      } else if (key === 'n') {
        e.preventDefault();
        const id = actions.addNoteInView(boardInView(camera));
        if (id) {
          ui.select([id]);
          ui.editing.set(id);
        }
      } else if (e.key === 'Delete' || e.key === 'Backspace') {
        const ids = [...ui.selection.get()];
        if (!ids.length) return;
        e.preventDefault();
        actions.deleteNotes(ids);
        ui.clearSelection();
      } else if (e.key === 'Enter') {
        const first = [...ui.selection.get()].find((id) => ctx.source.board.get()?.notes[id]);
        if (!first) return;
        e.preventDefault();
        ui.editing.set(first);
      } else if (e.key === 'Escape') {
        ui.clearSelection();
      }
    };
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.key === ' ') setModes(false, e.shiftKey);
      else if (e.key === 'Shift') setModes(modes.current.space, false);
    };
    const onBlur = () => setModes(false, false);
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', onBlur);
    };
  }, [ctx, actions, ui, readOnly, camera, modes, pointer, tool, onModes, onAddAt]);
}
