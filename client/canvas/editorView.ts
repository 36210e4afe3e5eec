import type { Rect } from '../../shared/geometry';
import type { Camera, View } from './camera';
import { NOTE_TEXT } from './theme';

/** The editor's text is at least this tall on screen (CSS pixels), whatever the zoom was. */
export const EDITOR_MIN_PX = 16;
/** Narrower than this, the editor is a sheet at the bottom of the screen, not an overlay on the note. */
export const PHONE_MAX_WIDTH = 760;

export const isPhoneScreen = () => typeof matchMedia === 'function' && matchMedia(`(max-width: ${PHONE_MAX_WIDTH}px)`).matches;

/**
 * Where to look while a note is edited: the current view when its text is readable there and the
 * note in sight, otherwise the note in the middle at a zoom where it is (never past 1:1 unless the
 * person was already closer). Null: stay.
 */
export function editorView(camera: Camera, note: Rect): View | null {
  const view = camera.view.get();
  const { width, height } = camera.viewport;
  const need = EDITOR_MIN_PX / NOTE_TEXT.fontSize;
  const left = note.x * view.scale + view.x;
  const top = note.y * view.scale + view.y;
  const inSight = left >= 0 && top >= 0 && left + note.width * view.scale <= width && top + note.height * view.scale <= height;
  if (view.scale >= need && inSight) return null;
  // The whole note on screen with a margin, at least readable.
  const fits = Math.min((width - 32) / note.width, (height - 32) / note.height);
  const scale = Math.max(need, Math.min(Math.max(view.scale, 1), fits));
  return camera.centredView({ x: note.x + note.width / 2, y: note.y + note.height / 2 }, scale);
}
