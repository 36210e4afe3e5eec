import { useEffect, useRef } from 'react';
import { LIMITS } from '../../shared/limits';
import { useT } from '../i18n';
import { useBoardContext, useNote, useStore } from '../state/hooks';
import { useImeCommit } from '../ui/useImeCommit';
import type { Camera } from './camera';
import { FONT_FAMILY, NOTE_FOOTER, NOTE_STYLE, NOTE_TEXT } from './theme';

/** A DOM textarea laid exactly over the note being edited, so the IME and the browser's text editing just work. */
export function NoteEditor({ id, camera }: { id: string; camera: Camera }) {
  const t = useT();
  const { actions, ui } = useBoardContext();
  const note = useNote(id);
  const view = useStore(camera.view);
  const ref = useRef<HTMLTextAreaElement>(null);
  const ime = useImeCommit((text) => {
    actions.updateText(id, text);
    if (ui.editing.get() === id) ui.editing.set(null);
  });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus({ preventScroll: true });
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  // Someone else deleted the note while it was open: nothing left to edit.
  useEffect(() => {
    if (!note && ui.editing.get() === id) ui.editing.set(null);
  }, [note, id, ui]);

  if (!note) return null;
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
        height: (note.height - NOTE_FOOTER.height + NOTE_TEXT.padding / 2) * s,
        padding: NOTE_TEXT.padding * s,
        fontSize: NOTE_TEXT.fontSize * s,
        lineHeight: NOTE_TEXT.lineHeight,
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
