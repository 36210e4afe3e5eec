// Every number the server enforces lives here, so the reducer, the schemas, the docs and the
// tests agree on one value.
export const LIMITS = {
  noteText: 2_000,
  notesPerBoard: 5_000,
  sectionsPerBoard: 200,
  participantsPerBoard: 300,
  /**
   * Identities a board keeps, removed ones and facilitators included: a removed participant frees
   * a seat (SC1), and this keeps a board that keeps being filled and emptied bounded.
   */
  participantRecordsPerBoard: 3_000,
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
  /** RM1: a board's pointers go out together, at most once per this many ms. */
  cursorBatchMs: 100,
  maxVoteBudget: 20,
  timerMaxSeconds: 24 * 60 * 60,
  snapshotLabel: 200,
  /** Named and periodic checkpoints per board; phase-change and pre-restore ones are always kept. */
  snapshotsPerBoard: 200,
  /** Largest JSON snapshot `POST /api/boards/import` reads (5,000 long notes fit with room to spare). */
  importBytes: 10 * 1024 * 1024,
  /** Largest body of `POST /api/boards` (a title, a template id and a language). */
  createBodyBytes: 16 * 1024,
  /** Largest body of `POST /api/boards/:id/next` (a title and up to 200 section ids). */
  nextBodyBytes: 64 * 1024,
  /**
   * Largest Socket.IO message the server reads (engine.io `maxHttpBufferSize`, L1). The largest
   * legal op, a 500-move `note.move` with 64-character ids and 24-character numbers, is 66 KB of
   * JSON; twice that leaves room for framing and for fields added later, and a client that sends
   * more is not a client of this protocol.
   */
  socketMessageBytes: 128 * 1024,
  /**
   * Ops per socket: a token bucket refilled at `opsPerSecond` up to `opBurst` (L3). A dragged
   * note sends about 12 moves a second; the burst holds the backlog a client resends after a
   * reconnect (C2).
   */
  opsPerSecond: 30,
  opBurst: 120,
  /** Joins per socket, the same way: a reconnect or a gap (C3) costs one join. */
  joinsPerSecond: 1,
  joinBurst: 10,
  /** A socket that sends more invalid events than this within `invalidWindowMs` is disconnected (L5). */
  invalidEvents: 20,
  invalidWindowMs: 10_000,
  /**
   * Open connections from one address (L6). Everybody at a venue may share one NAT address, so
   * the default lets a 300-person workshop with second tabs through; MAX_CONNECTIONS_PER_IP sets it.
   */
  connectionsPerAddress: 400,
  /** New boards (create, import, next session) per address per minute (L2). */
  boardsPerMinute: 60,
} as const;

export const NOTE_DEFAULT_SIZE = { width: 200, height: 140 } as const;
