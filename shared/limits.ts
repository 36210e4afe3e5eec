// Every number the server enforces lives here, so the reducer, the schemas, the docs and the
// tests agree on one value.
export const LIMITS = {
  noteText: 2_000,
  notesPerBoard: 5_000,
  sectionsPerBoard: 200,
  participantsPerBoard: 300,
  coord: 1_000_000,
  minNoteSize: 40,
  maxNoteSize: 2_000,
  maxSectionSize: 200_000,
  boardTitle: 200,
  sectionTitle: 200,
  sectionPrompt: 1_000,
  displayName: 40,
  idLength: 64,
  movesPerOp: 500,
  idsPerOp: 500,
  /** Ops kept in memory per board so that a rejoin with `since` gets only what it missed. */
  recentOps: 2_000,
  /** opIds remembered per board so that a resend is acknowledged, not applied again. */
  rememberedOpIds: 10_000,
  cursorsPerSecond: 20,
  maxVoteBudget: 20,
  timerMaxSeconds: 24 * 60 * 60,
  snapshotLabel: 200,
  /** Named and periodic checkpoints per board; phase-change and pre-restore ones are always kept. */
  snapshotsPerBoard: 200,
  /** Largest JSON snapshot `POST /api/boards/import` reads (5,000 long notes fit with room to spare). */
  importBytes: 10 * 1024 * 1024,
} as const;

export const NOTE_DEFAULT_SIZE = { width: 200, height: 140 } as const;
