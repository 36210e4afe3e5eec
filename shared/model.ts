import { z } from 'zod';
import { LIMITS } from './limits.js';
import { Phase } from './phase.js';

// Schemas are the single source of the types: `z.infer` everywhere, no hand-written copies.

export const AFFILIATIONS = ['citizen', 'npo', 'community', 'company', 'government', 'school', 'other'] as const;
export const Affiliation = z.enum(AFFILIATIONS);
export type Affiliation = z.infer<typeof Affiliation>;

export const ROLES = ['facilitator', 'participant'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const LANGS = ['ja', 'en'] as const;
export const Lang = z.enum(LANGS);
export type Lang = z.infer<typeof Lang>;

/** Client-chosen ids: short, URL-safe, never all digits (object key order must stay insertion order). */
export const Id = z
  .string()
  .min(1)
  .max(LIMITS.idLength)
  .regex(/^(?!\d+$)[A-Za-z0-9_-]+$/, 'id must be letters, digits, _ or -')
  // Boards are plain records: an id like `constructor` would find Object.prototype's member.
  .refine((id) => !(id in Object.prototype), 'this id is reserved');

export const Coord = z.number().finite().min(-LIMITS.coord).max(LIMITS.coord);
export const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour must be #rrggbb');
export const NoteSize = z.number().finite().min(LIMITS.minNoteSize).max(LIMITS.maxNoteSize);
export const SectionSize = z.number().finite().min(LIMITS.minNoteSize).max(LIMITS.maxSectionSize);
export const NoteText = z.string().max(LIMITS.noteText);
export const DisplayName = z.string().trim().min(1).max(LIMITS.displayName);
export const BoardTitle = z.string().trim().max(LIMITS.boardTitle);

export const NOTE_COLORS = ['#fff59d', '#ffcc80', '#f48fb1', '#ce93d8', '#90caf9', '#80deea', '#a5d6a7', '#e0e0e0'] as const;
export const DEFAULT_NOTE_COLOR = NOTE_COLORS[0];

export const Note = z.strictObject({
  id: Id,
  text: NoteText,
  x: Coord,
  y: Coord,
  width: NoteSize,
  height: NoteSize,
  color: Color,
  sectionId: Id.nullable(),
  authorId: Id,
  authorName: z.string().max(LIMITS.displayName),
  affiliation: Affiliation,
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
});
export type Note = z.infer<typeof Note>;

export const Section = z.strictObject({
  id: Id,
  title: z.string().max(LIMITS.sectionTitle),
  prompt: z.string().max(LIMITS.sectionPrompt),
  /** English title and prompt, shown when the UI is in English (templates give both). */
  en: z.strictObject({ title: z.string().max(LIMITS.sectionTitle), prompt: z.string().max(LIMITS.sectionPrompt) }).optional(),
  x: Coord,
  y: Coord,
  width: SectionSize,
  height: SectionSize,
  color: Color,
  /** The partner this section is for (same-table's role columns): a new note of theirs goes here. */
  affiliation: Affiliation.optional(),
});
export type Section = z.infer<typeof Section>;

export const Participant = z.strictObject({
  id: Id,
  name: z.string().max(LIMITS.displayName),
  affiliation: Affiliation,
  role: Role,
  joinedAt: z.number().int().nonnegative(),
  removed: z.boolean(),
});
export type Participant = z.infer<typeof Participant>;

/**
 * Who may come in by the six-digit code alone (PROTOCOL DR1): `open` anybody (also when absent),
 * `onStart` anybody until the workshop starts, `closed` nobody new. Once the code no longer admits,
 * a newcomer needs the door token of the facilitator's QR link or a facilitator's approval.
 */
export const DOOR_MODES = ['open', 'onStart', 'closed'] as const;
export const DoorMode = z.enum(DOOR_MODES);
export type DoorMode = z.infer<typeof DoorMode>;

export const Settings = z.strictObject({
  locked: z.boolean(),
  anonymous: z.boolean(),
  privateWriting: z.boolean(),
  /** Absent on boards saved before it existed, which means `open`. */
  door: DoorMode.optional(),
});
export type Settings = z.infer<typeof Settings>;

export const Voting = z.strictObject({
  open: z.boolean(),
  budget: z.number().int().min(1).max(LIMITS.maxVoteBudget),
  maxPerNote: z.number().int().min(1).max(LIMITS.maxVoteBudget),
  hidden: z.boolean(),
  /** Set once a round has ended, so results are shown until the next round starts. */
  ended: z.boolean(),
});
export type Voting = z.infer<typeof Voting>;

export const Timer = z.strictObject({
  endsAt: z.number().int().nullable(),
  seconds: z.number().int().nonnegative(),
});
export type Timer = z.infer<typeof Timer>;

export const Focus = z.union([
  z.strictObject({ sectionId: Id, at: z.number().int() }),
  z.strictObject({ x: Coord, y: Coord, zoom: z.number().finite().min(0.05).max(8), at: z.number().int() }),
]);
export type Focus = z.infer<typeof Focus>;

/** votes[noteId][participantId] = dots that participant put on that note. */
export const Votes = z.record(Id, z.record(Id, z.number().int().min(1).max(LIMITS.maxVoteBudget)));
export type Votes = z.infer<typeof Votes>;

/** An IANA time zone the runtime knows ("Asia/Tokyo"); exports print times in it. */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'unknown time zone');
export const DEFAULT_TIME_ZONE = 'Asia/Tokyo';

/** The authoritative state the reducer works on (records keyed by id; insertion order is z-order). */
export const Board = z.strictObject({
  id: Id,
  title: BoardTitle,
  template: Id,
  lang: Lang,
  createdAt: z.number().int().nonnegative(),
  seq: z.number().int().nonnegative(),
  settings: Settings,
  sections: z.record(Id, Section),
  notes: z.record(Id, Note),
  participants: z.record(Id, Participant),
  voting: Voting,
  votes: Votes,
  timer: Timer,
  focus: Focus.nullable(),
  /** The workshop's step (① … ⑤), set by the facilitator; absent until the first one starts. */
  phase: Phase.optional(),
  /** The board this one was handed over from (引き継ぎ), so its record can name where it came from. */
  previous: z.strictObject({ id: Id, title: z.string().max(LIMITS.boardTitle) }).optional(),
  /** Where the workshop takes place; absent means DEFAULT_TIME_ZONE. */
  timeZone: TimeZone.optional(),
});
export type Board = z.infer<typeof Board>;

export function emptyBoard(init: { id: string; title: string; template: string; lang: Lang; createdAt: number }): Board {
  return {
    ...init,
    seq: 0,
    settings: { locked: false, anonymous: false, privateWriting: false },
    sections: {},
    notes: {},
    participants: {},
    voting: { open: false, budget: 3, maxPerNote: 3, hidden: false, ended: false },
    votes: {},
    timer: { endsAt: null, seconds: 0 },
    focus: null,
  };
}
