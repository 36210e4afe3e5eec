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
};

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
  };
  return { ...defaults, ...overrides };
}
