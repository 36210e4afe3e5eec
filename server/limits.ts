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
  };
  return { ...defaults, ...overrides };
}
