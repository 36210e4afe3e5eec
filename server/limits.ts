import { LIMITS } from '../shared/limits.js';

/** The limits the server enforces on connections and sockets; defaults come from shared/limits.ts. */
export type ServerLimits = {
  socketMessageBytes: number;
  opsPerSecond: number;
  opBurst: number;
  joinsPerSecond: number;
  joinBurst: number;
  invalidEvents: number;
  invalidWindowMs: number;
  connectionsPerAddress: number;
  boardsPerMinute: number;
  /** Newcomers a board holds at a closed door at once (DR6). */
  doorWaitingPerBoard: number;
  /** Newcomers one address holds at closed doors at once, over all boards (DR6). */
  doorWaitingPerAddress: number;
  /** Boards kept in memory, and characters of their stored JSON in all (BU1). */
  boardsInMemory: number;
  boardCharsInMemory: number;
  /** Imports parsed at once, and waiting for their turn; more are refused (BU2). */
  importsAtOnce: number;
  importsWaiting: number;
  /** Results and export downloads per address per minute (BU3). */
  readsPerMinute: number;
  /** Bytes queued for one socket beyond which it is sent away as a slow reader (BU4). */
  sendBufferBytes: number;
  /** How long resets are built in one turn of the event loop before the rest wait for the next (RM4). */
  resetSliceMs: number;
};

/** Budgets of a shared server (BU1–BU4); a laptop never comes near them. */
export const BUDGETS = {
  boardsInMemory: 100,
  boardCharsInMemory: 256 * 1024 * 1024,
  importsAtOnce: 2,
  importsWaiting: 4,
  readsPerMinute: 60,
  sendBufferBytes: 4 * 1024 * 1024,
} as const;

export function serverLimits(overrides: Partial<ServerLimits> = {}): ServerLimits {
  const defaults: ServerLimits = {
    socketMessageBytes: LIMITS.socketMessageBytes,
    opsPerSecond: LIMITS.opsPerSecond,
    opBurst: LIMITS.opBurst,
    joinsPerSecond: LIMITS.joinsPerSecond,
    joinBurst: LIMITS.joinBurst,
    invalidEvents: LIMITS.invalidEvents,
    invalidWindowMs: LIMITS.invalidWindowMs,
    connectionsPerAddress: LIMITS.connectionsPerAddress,
    boardsPerMinute: LIMITS.boardsPerMinute,
    doorWaitingPerBoard: 30,
    doorWaitingPerAddress: 10,
    resetSliceMs: 20,
    ...BUDGETS,
  };
  return { ...defaults, ...overrides };
}
