import { z } from 'zod';
import { LIMITS } from './limits.js';
import { Phase } from './phase.js';
import { Affiliation, BoardTitle, Color, Coord, DisplayName, DoorMode, Id, NoteSize, NoteText, Role, SectionSize } from './model.js';

// Every op a client may send. Strict objects: an unknown key is as invalid as a wrong type,
// so nothing the schema did not name can reach the reducer, the log or another client.

const OpId = z.string().min(8).max(LIMITS.idLength).regex(/^[A-Za-z0-9_-]+$/);
const op = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ opId: OpId, type: z.literal(type), ...shape });

const NotePatch = z
  .strictObject({
    text: NoteText.optional(),
    color: Color.optional(),
    x: Coord.optional(),
    y: Coord.optional(),
    width: NoteSize.optional(),
    height: NoteSize.optional(),
    sectionId: Id.nullable().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'patch is empty');

const SectionFields = {
  title: z.string().max(LIMITS.sectionTitle),
  prompt: z.string().max(LIMITS.sectionPrompt),
  x: Coord,
  y: Coord,
  width: SectionSize,
  height: SectionSize,
  color: Color,
};

export const NoteAdd = op('note.add', {
  note: z.strictObject({
    id: Id,
    text: NoteText,
    x: Coord,
    y: Coord,
    color: Color.optional(),
    width: NoteSize.optional(),
    height: NoteSize.optional(),
    sectionId: Id.nullable().optional(),
  }),
  /**
   * `free`: the server moves the note to the first free spot of the section named by `sectionId`
   * (or near x/y) on the whole board, and confirms the op with that spot and without `place` (N1).
   */
  place: z.literal('free').optional(),
});
export const NoteUpdate = op('note.update', { id: Id, patch: NotePatch });
export const NoteMove = op('note.move', {
  moves: z.array(z.strictObject({ id: Id, x: Coord, y: Coord })).min(1).max(LIMITS.movesPerOp),
});
export const NoteDelete = op('note.delete', { ids: z.array(Id).min(1).max(LIMITS.idsPerOp) });

export const SectionAdd = op('section.add', {
  section: z.strictObject({
    id: Id,
    ...SectionFields,
    prompt: SectionFields.prompt.optional(),
    color: Color.optional(),
    en: z.strictObject({ title: SectionFields.title, prompt: SectionFields.prompt }).optional(),
  }),
});
export const SectionUpdate = op('section.update', {
  id: Id,
  patch: z
    .strictObject({
      title: SectionFields.title.optional(),
      prompt: SectionFields.prompt.optional(),
      x: Coord.optional(),
      y: Coord.optional(),
      width: SectionSize.optional(),
      height: SectionSize.optional(),
      color: Color.optional(),
    })
    .refine((p) => Object.keys(p).length > 0, 'patch is empty'),
});
export const SectionDelete = op('section.delete', { id: Id });

export const BoardUpdate = op('board.update', {
  title: BoardTitle.optional(),
  locked: z.boolean().optional(),
  anonymous: z.boolean().optional(),
  /** Whether the code alone still lets a newcomer in (DR1). */
  door: DoorMode.optional(),
});

export const VoteAdd = op('vote.add', { noteId: Id });
export const VoteRemove = op('vote.remove', { noteId: Id });
export const VotingStart = op('voting.start', {
  budget: z.number().int().min(1).max(LIMITS.maxVoteBudget),
  hidden: z.boolean(),
  maxPerNote: z.number().int().min(1).max(LIMITS.maxVoteBudget).optional(),
});
export const VotingEnd = op('voting.end', {});
export const WritingPrivate = op('writing.private', { on: z.boolean() });
export const TimerStart = op('timer.start', { seconds: z.number().int().min(1).max(LIMITS.timerMaxSeconds) });
export const TimerStop = op('timer.stop', {});
/** The workshop's step, for every screen; going back clears what belonged to later steps. */
export const PhaseSet = op('phase.set', { phase: Phase });
export const FocusOp = z.union([
  op('focus', { sectionId: Id }),
  op('focus', { x: Coord, y: Coord, zoom: z.number().finite().min(0.05).max(8) }),
]);
export const ParticipantUpdate = op('participant.update', {
  id: Id,
  name: DisplayName.optional(),
  removed: z.literal(true).optional(),
});
/** A named checkpoint of the whole board; the board itself does not change. */
export const SnapshotSave = op('snapshot.save', { label: z.string().trim().max(LIMITS.snapshotLabel) });
/** Put a checkpoint's content back; the server sends every viewer a `reset` with the result. */
export const SnapshotRestore = op('snapshot.restore', { snapshotId: Id });

/** What a client may send as `op`. */
export const ClientOp = z.union([
  z.discriminatedUnion('type', [
    NoteAdd,
    NoteUpdate,
    NoteMove,
    NoteDelete,
    SectionAdd,
    SectionUpdate,
    SectionDelete,
    BoardUpdate,
    VoteAdd,
    VoteRemove,
    VotingStart,
    VotingEnd,
    WritingPrivate,
    TimerStart,
    TimerStop,
    PhaseSet,
    ParticipantUpdate,
    SnapshotSave,
    SnapshotRestore,
  ]),
  FocusOp,
]);
export type ClientOp = z.infer<typeof ClientOp>;

/** Ops only the server creates (never accepted from a socket); they go through the same reducer and log. */
export const ParticipantJoin = z.strictObject({
  opId: OpId,
  type: z.literal('participant.join'),
  participant: z.strictObject({ id: Id, name: DisplayName, affiliation: Affiliation, role: Role }),
});
export const Op = z.union([ClientOp, ParticipantJoin]);
export type Op = z.infer<typeof Op>;
export type OpType = Op['type'];
export type OpOf<T extends OpType> = Extract<Op, { type: T }>;

/** Facilitator-only op types: a participant sending one is refused with `forbidden`. */
export const FACILITATOR_OPS: ReadonlySet<OpType> = new Set<OpType>([
  'section.add',
  'section.update',
  'section.delete',
  'board.update',
  'voting.start',
  'voting.end',
  'writing.private',
  'timer.start',
  'timer.stop',
  'phase.set',
  'focus',
  'participant.update',
  'snapshot.save',
  'snapshot.restore',
]);

/** A confirmed op as the server broadcasts and logs it. `at` is the server's clock, so every replay agrees on times. */
export const OpEntry = z.strictObject({ seq: z.number().int().positive(), by: Id, at: z.number().int(), op: Op });
export type OpEntry = z.infer<typeof OpEntry>;
