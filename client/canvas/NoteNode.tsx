import { memo, useContext, useLayoutEffect, useRef } from 'react';
import type { KonvaEventObject } from 'konva/lib/Node';
import type { Note } from '../../shared/model';
import { Group, Rect, Text, type Konva } from './konva';
import { useT } from '../i18n';
import { useBoardContext, useNote, useNoteVotes, useSelected, useStore } from '../state/hooks';
import { NoteCanvasContext } from './noteContext';
import { NoteVotes } from './NoteVotes';
import { fittedNoteText } from './noteText';
import type { FittedText } from '../../shared/textFit';
import { affiliationFill, FONT_FAMILY, NOTE_FOOTER, NOTE_STYLE, NOTE_TEXT, VOTE_STYLE } from './theme';

export { NoteCanvasContext, type NoteHandlers } from './noteContext';

/** Room the vote buttons take in the footer, so the author's name does not run under them. */
const VOTE_BUTTONS_WIDTH = -VOTE_STYLE.remove.dx + VOTE_STYLE.buttonRadius - NOTE_TEXT.padding + 4;

/**
 * `detail` false draws the paper only: below a readable size, text is the most costly part of a
 * frame. `votingOpen` comes from the canvas, read once for all notes rather than once per note.
 */
/**
 * `selected={false}` draws the note unselected whatever the person has selected (a picture of the
 * board). `textFloor`: the smallest note text this screen allows at its zoom, in board units (noteText.ts).
 */
type Props = {
  id: string;
  selected?: boolean;
  editing: boolean;
  interactive: boolean;
  detail: boolean;
  votingOpen?: boolean;
  /** Dots are drawn while a round is open or its results are up; going back before ④ hides them (PH2). */
  votesShown?: boolean;
  textFloor?: number;
  /** A strip of the author's affiliation colour along the left edge (the picture of the board, with its legend). */
  affiliationMark?: boolean;
};

/**
 * One sticky note. Subscribes to its own note only, so a remote change elsewhere does not re-render it.
 * Pointer and drag events are handled by the layer for all notes at once (noteEvents.ts): a
 * board of thousands of notes would otherwise register and re-register thousands of listeners.
 */
export const NoteNode = memo(function NoteNode({ id, selected: shownSelected, editing, interactive, detail, votingOpen = false, votesShown = true, textFloor = NOTE_TEXT.min, affiliationMark = false }: Props) {
  const note = useNote(id);
  const votes = useNoteVotes(id);
  // Read here rather than passed down: a new selection then re-renders the notes it changed,
  // not every note through the canvas.
  const selected = useSelected(id) && shownSelected !== false;
  const ctx = useContext(NoteCanvasContext);
  const byAffiliation = useStore(useBoardContext().ui.affiliationColors);
  const voted = votesShown && hasVotes(votes);
  const group = useRef<Konva.Group>(null);
  // A note with dots is never under one without: it goes to the top of the stack when its first
  // dot arrives (the order of the notes layer is its drawing order).
  useLayoutEffect(() => {
    if (voted) group.current?.moveToTop();
  }, [voted]);
  if (!note || !ctx) return null;
  const pos = ctx.session.positionOf(id) ?? note;
  const buttons = votingOpen && interactive;
  const fitted = detail && !editing ? fittedNoteText(note, textFloor) : null;
  return (
    <Group ref={group} id={id} name={voted ? 'note voted' : 'note'} x={pos.x} y={pos.y} draggable={interactive}>
      <Rect
        width={note.width}
        height={note.height}
        fill={byAffiliation ? affiliationFill(note) : note.color}
        // Zoomed out, a note is a few pixels wide: its 1-px border would be a fraction of a pixel
        // and its corners round off less than one, yet both cost time on every note of the board.
        cornerRadius={detail ? NOTE_STYLE.cornerRadius : 0}
        stroke={selected ? NOTE_STYLE.selected : NOTE_STYLE.border}
        strokeWidth={selected ? NOTE_STYLE.selectedWidth : 1}
        strokeEnabled={selected || detail}
        shadowEnabled={detail}
        shadowColor="#000"
        shadowOpacity={0.12}
        shadowBlur={4}
        shadowOffsetY={2}
        shadowForStrokeEnabled={false}
        perfectDrawEnabled={false}
        {...(fitted?.truncated ? { onMouseEnter: showTitle(note.text), onMouseLeave: showTitle(null) } : {})}
      />
      {affiliationMark ? <Rect width={AFFILIATION_MARK} height={note.height} fill={affiliationFill(note)} cornerRadius={[NOTE_STYLE.cornerRadius, 0, 0, NOTE_STYLE.cornerRadius]} listening={false} /> : null}
      {/* Created only when shown: Konva lays a Text out as soon as it exists, hidden or not. */}
      {fitted ? <NoteText note={note} fitted={fitted} /> : null}
      {detail ? <NoteAuthor note={note} besideButtons={buttons} /> : null}
      {buttons || voted ? <NoteVotes id={id} byVoter={votes} width={note.width} height={note.height} interactive={interactive} open={votingOpen} /> : null}
    </Group>
  );
});

const AFFILIATION_MARK = 7;

/** The stage's tooltip: the whole text of a note whose text was cut short. */
const showTitle = (text: string | null) => (e: KonvaEventObject<MouseEvent>) => {
  const el = e.target.getStage()?.container();
  if (!el) return;
  if (text === null) el.removeAttribute('title');
  else el.title = text;
};

const hasVotes = (votes: Readonly<Record<string, number>> | undefined) => !!votes && Object.values(votes).some((n) => n > 0);

/**
 * The text, broken into lines here (kinsoku, see shared/linebreak.ts) and sized to the paper. A
 * note cut short shows its whole text as the canvas's tooltip while the pointer is on it.
 */
function NoteText({ note, fitted }: { note: Note; fitted: FittedText }) {
  return (
    <Text
      name="note-text"
      text={fitted.lines.join('\n')}
      x={NOTE_TEXT.padding}
      y={NOTE_TEXT.padding}
      // No width: the lines are already broken to fit, and Konva would drop a last character
      // that its own measurement finds a hair too wide.
      fontSize={fitted.fontSize}
      lineHeight={NOTE_TEXT.lineHeight}
      fontFamily={FONT_FAMILY}
      fill={NOTE_TEXT.color}
      wrap="none"
      listening={false}
      perfectDrawEnabled={false}
    />
  );
}

/** The author's name in the footer; a component of its own so that a zoomed-out note needs no translations. */
function NoteAuthor({ note, besideButtons }: { note: Note; besideButtons: boolean }) {
  const t = useT();
  // In anonymous mode others' notes arrive with no author at all; say so rather than show nothing.
  const author = note.authorName || (note.authorId === '' ? t('note.anonymous') : '');
  if (!author) return null;
  return (
    <Text
      text={author}
      x={NOTE_TEXT.padding}
      y={note.height - NOTE_FOOTER.height}
      width={note.width - NOTE_TEXT.padding * 2 - (besideButtons ? VOTE_BUTTONS_WIDTH : 0)}
      height={NOTE_FOOTER.height - 4}
      verticalAlign="middle"
      fontSize={NOTE_FOOTER.fontSize}
      fontFamily={FONT_FAMILY}
      fill={NOTE_FOOTER.color}
      wrap="none"
      ellipsis
      listening={false}
      perfectDrawEnabled={false}
    />
  );
}
