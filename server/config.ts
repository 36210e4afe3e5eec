import path from 'node:path';
import { z } from 'zod';
import { LIMITS } from '../shared/limits.js';
import { BUDGETS } from './limits.js';
import { normalOrigin } from './realtime/admission.js';
import { describeIssues } from '../shared/issues.js';

const Flag = z.enum(['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off', '']).transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Boards in this Redis instead of DATA_DIR (RS1): `redis://host:port`. Unset: the embedded file store. */
  REDIS_URL: z
    .string()
    .optional()
    .refine((v) => !v || /^rediss?:\/\//.test(v), 'must look like redis://host:6379'),
  /** Open Socket.IO connections per client address (L6). */
  MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).default(LIMITS.connectionsPerAddress),
  /** Comma-separated page origins, besides the server's own, that may open a socket (L7). */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((v, ctx) => {
      const out: string[] = [];
      for (const part of v.split(',').map((p) => p.trim()).filter(Boolean)) {
        const o = normalOrigin(part);
        if (o) out.push(o);
        else ctx.addIssue({ code: 'custom', message: `${part} is not an origin like https://board.example.org` });
      }
      return out;
    }),
  /** Behind a reverse proxy: trust its X-Forwarded-For and X-Forwarded-Proto. */
  TRUST_PROXY: Flag.default(false),
  /**
   * The key that creating, importing and saving a template need (CK1). Unset or empty: anybody
   * who reaches the server may create, as on a laptop in the room.
   */
  CREATE_KEY: z
    .string()
    .default('')
    .refine((v) => v === '' || v.trim().length >= 8, 'must be at least 8 characters (a long random one is best)'),
  /**
   * Comma-separated host names (any port) this server answers to, against DNS rebinding (LK6);
   * `*` answers to any. Unset: the names it prints at start (server/index.ts).
   */
  ALLOWED_HOSTS: z
    .string()
    .optional()
    .transform((v) => {
      const list = (v ?? '').split(',').map((p) => p.trim()).filter(Boolean);
      return list.length ? list : null;
    }),
  /** Bytes of checkpoints one board may keep on disk, in MB (S10); the oldest automatic ones go first. */
  SNAPSHOT_MB_PER_BOARD: z.coerce.number().positive().default(200),
  /** Free space on DATA_DIR's file system, in MB, below which nothing a visitor does is written (S9); 0: no floor. */
  MIN_FREE_DISK_MB: z.coerce.number().min(0).default(100),
  /** Boards kept in memory; idle ones beyond it are written out and unloaded (BU1). */
  MAX_BOARDS_IN_MEMORY: z.coerce.number().int().min(1).default(BUDGETS.boardsInMemory),
  /** Megabytes of stored board JSON kept in memory in all (BU1). */
  MAX_BOARD_MB_IN_MEMORY: z.coerce.number().min(1).default(BUDGETS.boardCharsInMemory / 1024 / 1024),
  /** Imports parsed at once; a few more wait, the rest are refused with 429 (BU2). */
  IMPORTS_AT_ONCE: z.coerce.number().int().min(1).default(BUDGETS.importsAtOnce),
  /** Results and export downloads per address per minute (BU3). */
  READS_PER_MINUTE: z.coerce.number().int().min(1).default(BUDGETS.readsPerMinute),
  /** Bytes queued for one socket before it is sent away as a slow reader (BU4). */
  SEND_BUFFER_BYTES: z.coerce.number().int().min(64 * 1024).default(BUDGETS.sendBufferBytes),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  /** `REDIS_URL`, or null for the file store in `dataDir`. */
  redisUrl: string | null;
  staticDir: string;
  maxConnectionsPerIp: number;
  allowedOrigins: string[];
  trustProxy: boolean;
  /** `CREATE_KEY`, or null when creating is open to anybody. */
  createKey: string | null;
  /** null: the default list, made from this machine's names and addresses when the server starts. */
  allowedHosts: string[] | null;
  snapshotBytesPerBoard: number;
  minFreeDiskBytes: number;
  /** The budgets of BU1–BU4, in the names of ServerLimits. */
  budgets: { boardsInMemory: number; boardCharsInMemory: number; importsAtOnce: number; readsPerMinute: number; sendBufferBytes: number };
};

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    throw new Error(`bad environment: ${describeIssues(parsed.error, 'environment')}`);
  }
  return {
    port: parsed.data.PORT,
    host: parsed.data.HOST,
    dataDir: path.resolve(parsed.data.DATA_DIR),
    redisUrl: parsed.data.REDIS_URL || null,
    staticDir: path.resolve(import.meta.dirname, '../dist/client'),
    maxConnectionsPerIp: parsed.data.MAX_CONNECTIONS_PER_IP,
    allowedOrigins: parsed.data.ALLOWED_ORIGINS,
    trustProxy: parsed.data.TRUST_PROXY,
    createKey: parsed.data.CREATE_KEY || null,
    allowedHosts: parsed.data.ALLOWED_HOSTS,
    snapshotBytesPerBoard: Math.round(parsed.data.SNAPSHOT_MB_PER_BOARD * 1024 * 1024),
    minFreeDiskBytes: Math.round(parsed.data.MIN_FREE_DISK_MB * 1024 * 1024),
    budgets: {
      boardsInMemory: parsed.data.MAX_BOARDS_IN_MEMORY,
      boardCharsInMemory: Math.round(parsed.data.MAX_BOARD_MB_IN_MEMORY * 1024 * 1024),
      importsAtOnce: parsed.data.IMPORTS_AT_ONCE,
      readsPerMinute: parsed.data.READS_PER_MINUTE,
      sendBufferBytes: parsed.data.SEND_BUFFER_BYTES,
    },
  };
}
