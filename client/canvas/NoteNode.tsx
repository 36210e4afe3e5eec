import { memo, useContext } from 'react';
import type { Note } from '../../shared/model';
import { Group, Rect, Text } from './konva';
import { useT } from '../i18n';
import { useBoardContext, useNote, useNoteVotes, useSelected, useStore } from '../state/hooks';
import { NoteCanvasContext } from './noteContext';
import { NoteVotes } from './NoteVotes';
import { affiliationFill, FONT_FAMILY, NOTE_FOOTER, NOTE_STYLE, NOTE_TEXT, VOTE_STYLE } from './theme';

export { NoteCanvasContext, type NoteHandlers } from './noteContext';

/** Room the vote buttons take in the footer, so the author's name does not run under them. */
const VOTE_BUTTONS_WIDTH = -VOTE_STYLE.remove.dx + VOTE_STYLE.buttonRadius - NOTE_TEXT.padding + 4;

/**
 * `detail` false draws the paper only: below a readable size, text is the most costly part of a
 * frame. `votingOpen` comes from the canvas, read once for all notes rather than once per note.
 */
/** `selected={false}` draws the note unselected whatever the person has selected (a picture of the board). */
type Props = { id: string; selected?: boolean; editing: boolean; interactive: boolean; detail: boolean; votingOpen?: boolean };

/**
 * One sticky note. Subscribes to its own note only, so a remote change elsewhere does not re-render it.
 * Pointer and drag events are handled by the layer for all notes at once (noteEvents.ts): a
 * board of thousands of notes would otherwise register and re-register thousands of listeners.
 */
export const NoteNode = memo(function NoteNode({ id, selected: shownSelected, editing, interactive, detail, votingOpen = false }: Props) {
  const note = useNote(id);
  const votes = useNoteVotes(id);
  // Read here rather than passed down: a new selection then re-renders the notes it changed,
  // not every note through the canvas.
  const selected = useSelected(id) && shownSelected !== false;
  const ctx = useContext(NoteCanvasContext);
  const byAffiliation = useStore(useBoardContext().ui.affiliationColors);
  if (!note || !ctx) return null;
  const pos = ctx.session.positionOf(id) ?? note;
  const textHeight = note.height - NOTE_FOOTER.height + NOTE_TEXT.padding / 2;
  const buttons = votingOpen && interactive && detail;
  return (
    <Group id={id} name="note" x={pos.x} y={pos.y} draggable={interactive}>
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
      />
      {/* Created only when shown: Konva lays a Text out as soon as it exists, hidden or not. */}
      {detail && !editing ? (
        <Text
          text={note.text}
          width={note.width}
          height={textHeight}
          padding={NOTE_TEXT.padding}
          fontSize={NOTE_TEXT.fontSize}
          lineHeight={NOTE_TEXT.lineHeight}
          fontFamily={FONT_FAMILY}
          fill={NOTE_TEXT.color}
          wrap="char"
          ellipsis
          listening={false}
          perfectDrawEnabled={false}
        />
      ) : null}
      {detail ? <NoteAuthor note={note} besideButtons={buttons} /> : null}
      {buttons || hasVotes(votes) ? <NoteVotes id={id} byVoter={votes} width={note.width} height={note.height} interactive={interactive && detail} open={votingOpen} /> : null}
    </Group>
  );
});

const hasVotes = (votes: Readonly<Record<string, number>> | undefined) => !!votes && Object.values(votes).some((n) => n > 0);

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
