import { memo, useContext } from 'react';
import type { KonvaEventObject } from 'konva/lib/Node';
import { useStore, useYou } from '../state/hooks';
import { VoteButtonScale, voteButtonAnchor } from './voteButtonScale';
import { Circle, Group, Rect, Shape, Text, strokes } from './konva';
import { NoteCanvasContext } from './noteContext';
import { FONT_FAMILY, VOTE_STYLE } from './theme';

const MINUS = strokes([[-5, 0, 5, 0]]);
const PLUS = strokes([
  [-5, 0, 5, 0],
  [0, -5, 0, 5],
]);

/**
 * `byVoter`: the note's dots, read by the note; `open`: whether a voting round is open, passed
 * down so that each note does not watch the board for it.
 */
type Props = { id: string; byVoter: Readonly<Record<string, number>> | undefined; width: number; height: number; interactive: boolean; open: boolean };

/**
 * Dots on a note (as far as this viewer may see them: the board holds only what the server sent)
 * and, while a round is open, the buttons to vote: + adds, − or shift-click takes one back.
 */
export const NoteVotes = memo(function NoteVotes({ id, byVoter, width, height, interactive, open }: Props) {
  const you = useYou();
  // The wall is nobody: its id '' is also the anonymous voters' pool (F9), whose dots are not its own.
  const me = you?.role === 'projector' ? null : (you?.id ?? '');
  let mine = 0;
  let others = 0;
  for (const [voter, n] of Object.entries(byVoter ?? {})) {
    if (voter === me) mine += n;
    else others += n;
  }
  return (
    <>
      {mine + others > 0 && <Dots width={width} mine={mine} others={others} />}
      {open && interactive && <Buttons id={id} width={width} height={height} mine={mine} />}
    </>
  );
});

/**
 * Stickers along the top edge, right-aligned; past what fits, a count reads better than dots.
 * Zoomed out they grow like the buttons (anchored at the note's top right), so a wall showing the
 * whole board still shows where the dots went.
 */
function Dots({ width, mine, others }: { width: number; mine: number; others: number }) {
  // At most twice as large: further out they would reach past what the notes layer draws around a note.
  const k = Math.min(2, useStore(useContext(VoteButtonScale)));
  const { dotRadius: r, dotGap } = VOTE_STYLE;
  const maxDots = Math.max(1, Math.min(VOTE_STYLE.maxDots, Math.floor((width / k - 14 - r) / dotGap) + 1));
  if (mine + others <= maxDots) {
    const colors = [...Array<string>(mine).fill(VOTE_STYLE.own), ...Array<string>(others).fill(VOTE_STYLE.other)];
    return (
      <Group listening={false} x={width} scaleX={k} scaleY={k}>
        {colors.map((fill, i) => (
          <Circle key={i} x={-14 - i * dotGap} y={0} radius={r} fill={fill} stroke="#fff" strokeWidth={2} perfectDrawEnabled={false} />
        ))}
      </Group>
    );
  }
  const pills = [...(mine ? [{ n: mine, fill: VOTE_STYLE.own }] : []), ...(others ? [{ n: others, fill: VOTE_STYLE.other }] : [])];
  let right = -6;
  return (
    <Group listening={false} x={width} scaleX={k} scaleY={k}>
      {pills.map((p) => {
        const w = 20 + String(p.n).length * 8;
        right -= w + 4;
        return (
          <Group key={p.fill} x={right} y={-10}>
            <Rect width={w} height={20} cornerRadius={10} fill={p.fill} stroke="#fff" strokeWidth={2} />
            <Text text={`×${p.n}`} width={w} height={20} align="center" verticalAlign="middle" fontSize={12} fontStyle="bold" fontFamily={FONT_FAMILY} fill="#fff" />
          </Group>
        );
      })}
    </Group>
  );
}

function Buttons({ id, width, height, mine }: { id: string; width: number; height: number; mine: number }) {
  const ctx = useContext(NoteCanvasContext);
  const k = useStore(useContext(VoteButtonScale));
  if (!ctx) return null;
  const vote = (remove: boolean) => (e: KonvaEventObject<MouseEvent | TouchEvent | PointerEvent>) => {
    // The note under the button must not be selected, dragged or opened for editing.
    e.cancelBubble = true;
    const shift = 'shiftKey' in e.evt && e.evt.shiftKey;
    ctx.handlers.vote(id, remove || shift);
  };
  const stop = (e: KonvaEventObject<Event>) => {
    e.cancelBubble = true;
  };
  const pointer = (cursor: string) => (e: KonvaEventObject<Event>) => {
    const stage = e.target.getStage();
    if (stage) stage.container().style.cursor = cursor;
  };
  const { buttonRadius: r } = VOTE_STYLE;
  return (
    // Anchored at the note's corner and enlarged around it when zoomed out (voteButtonScale.ts).
    <Group {...voteButtonAnchor(width, height, k)} scaleX={k} scaleY={k} name="vote-buttons">
      {mine > 0 && (
        <Group
          x={VOTE_STYLE.remove.dx}
          y={VOTE_STYLE.remove.dy}
          name="vote-remove"
          onMouseDown={stop}
          onTouchStart={stop}
          onDblClick={stop}
          onDblTap={stop}
          onClick={vote(true)}
          onTap={vote(true)}
          onMouseEnter={pointer('pointer')}
          onMouseLeave={pointer('')}
        >
          <Circle radius={r + 5} fill="transparent" />
          <Circle radius={r} fill="#fff" stroke={VOTE_STYLE.own} strokeWidth={2} />
          <Shape sceneFunc={MINUS} stroke={VOTE_STYLE.own} strokeWidth={2.5} lineCap="round" listening={false} />
        </Group>
      )}
      <Group
        x={VOTE_STYLE.add.dx}
        y={VOTE_STYLE.add.dy}
        name="vote-add"
        onMouseDown={stop}
        onTouchStart={stop}
        onDblClick={stop}
        onDblTap={stop}
        onClick={vote(false)}
        onTap={vote(false)}
        onMouseEnter={pointer('pointer')}
        onMouseLeave={pointer('')}
      >
        <Circle radius={r + 5} fill="transparent" />
        <Circle radius={r} fill={VOTE_STYLE.own} shadowColor="#000" shadowOpacity={0.2} shadowBlur={3} shadowOffsetY={1} />
        <Shape sceneFunc={PLUS} stroke="#fff" strokeWidth={2.5} lineCap="round" listening={false} />
      </Group>
    </Group>
  );
}
