import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { LIMITS } from '../../shared/limits';
import { useT } from '../i18n';
import { useBoardContext, useNote, useStore } from '../state/hooks';
import { useImeCommit } from '../ui/useImeCommit';
import type { Camera } from './camera';
import { editorView, isPhoneScreen } from './editorView';
import { FONT_FAMILY, NOTE_FOOTER, NOTE_STYLE, NOTE_TEXT } from './theme';
import './canvas.css';

/**
 * A DOM textarea, so the IME and the browser's text editing just work: laid exactly over the
 * note (brought to a readable zoom while it is open), or on a phone a sheet at the bottom of the
 * screen, where a note is too small to type into.
 */
export function NoteEditor({ id, camera }: { id: string; camera: Camera }) {
  const { ui } = useBoardContext();
  const note = useNote(id);
  const [phone] = useState(isPhoneScreen);

  // Someone else deleted the note while it was open: nothing left to edit.
  useEffect(() => {
    if (!note && ui.editing.get() === id) ui.editing.set(null);
  }, [note, id, ui]);

  if (!note) return null;
  return phone ? <EditorSheet id={id} text={note.text} /> : <EditorOverlay id={id} camera={camera} />;
}

function useCommit(id: string) {
  const { actions, ui } = useBoardContext();
  return useImeCommit((text) => {
    actions.updateText(id, text);
    if (ui.editing.get() === id) ui.editing.set(null);
  });
}

function useFocusAtEnd(ref: React.RefObject<HTMLTextAreaElement | null>) {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus({ preventScroll: true });
    el.setSelectionRange(el.value.length, el.value.length);
  }, [ref]);
}

function EditorOverlay({ id, camera }: { id: string; camera: Camera }) {
  const t = useT();
  const note = useNote(id)!;
  const view = useStore(camera.view);
  const ref = useRef<HTMLTextAreaElement>(null);
  const ime = useCommit(id);
  useFocusAtEnd(ref);

  // Zoomed out, the note is brought close enough to type into, and the view goes back after.
  useLayoutEffect(() => {
    const target = editorView(camera, note);
    if (!target) return;
    const before = camera.view.get();
    camera.animateTo(target);
    return () => camera.animateTo(before);
    // Once per opening: the note may move while it is edited, the view should not chase it.
  }, [camera]);

  const s = view.scale;
  return (
    <textarea
      ref={ref}
      data-testid="note-editor"
      data-note-id={id}
      className="note-editor"
      aria-label={t('note.editorLabel')}
      defaultValue={note.text}
      maxLength={LIMITS.noteText}
      spellCheck={false}
      style={{
        left: note.x * s + view.x,
        top: note.y * s + view.y,
        width: note.width * s,
        height: (note.height - NOTE_FOOTER.height) * s,
        padding: NOTE_TEXT.padding * s,
        fontSize: NOTE_TEXT.fontSize * s,
        lineHeight: NOTE_TEXT.lineHeight,
        // The browser's own kinsoku while typing, as the canvas breaks the lines afterwards.
        lineBreak: 'strict',
        wordBreak: 'normal',
        overflowWrap: 'anywhere',
        fontFamily: FONT_FAMILY,
        color: NOTE_TEXT.color,
        background: note.color,
        borderRadius: NOTE_STYLE.cornerRadius * s,
        outline: `${Math.max(2, NOTE_STYLE.selectedWidth * s)}px solid ${NOTE_STYLE.selected}`,
      }}
      {...ime}
    />
  );
}

/** The phone's editor. Its buttons keep the focus in the text, so a conversion in progress is never cut off. */
function EditorSheet({ id, text }: { id: string; text: string }) {
  const t = useT();
  const { ui } = useBoardContext();
  const ref = useRef<HTMLTextAreaElement>(null);
  const ime = useCommit(id);
  useFocusAtEnd(ref);
  const keepFocus = (e: React.PointerEvent | React.MouseEvent) => e.preventDefault();
  const lift = useKeyboardLift();
  return (
    <div className="note-sheet" role="dialog" aria-label={t('sheet.title')} data-testid="note-sheet" style={lift ? { bottom: lift } : undefined}>
      <textarea
        ref={ref}
        data-testid="note-editor"
        data-note-id={id}
        className="note-sheet-text"
        aria-label={t('sheet.label')}
        defaultValue={text}
        maxLength={LIMITS.noteText}
        spellCheck={false}
        rows={4}
        {...ime}
      />
      <div className="note-sheet-actions">
        <button
          type="button"
          className="btn"
          data-testid="note-editor-cancel"
          onPointerDown={keepFocus}
          onMouseDown={keepFocus}
          onClick={() => ui.editing.get() === id && ui.editing.set(null)}
        >
          {t('sheet.cancel')}
        </button>
        {/* Leaving the field saves (useImeCommit), after a running conversion has finished. */}
        <button type="button" className="btn btn-primary" data-testid="note-editor-save" onPointerDown={keepFocus} onMouseDown={keepFocus} onClick={() => ref.current?.blur()}>
          {t('sheet.save')}
        </button>
      </div>
    </div>
  );
}

/**
 * How far the on-screen keyboard covers the bottom of the page. Browsers that do not shrink the
 * page for it (Safari on iOS) would put a sheet at `bottom: 0` behind the keyboard.
 */
function useKeyboardLift(): number {
  const [lift, setLift] = useState(0);
  useEffect(() => {
    const vv = window.visualViewport;
    if (!vv) return;
    const update = () => setLift(Math.max(0, Math.round(window.innerHeight - vv.height - vv.offsetTop)));
    update();
    vv.addEventListener('resize', update);
    vv.addEventListener('scroll', update);
    return () => {
      vv.removeEventListener('resize', update);
      vv.removeEventListener('scroll', update);
    };
  }, []);
  return lift;
}
