import path from 'node:path';
import { z } from 'zod';
import { LIMITS } from '../shared/limits.js';
import { BUDGETS } from './limits.js';
import { normalOrigin } from './realtime/admission.js';

const Flag = z.enum(['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off', '']).transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
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
  staticDir: string;
  maxConnectionsPerIp: number;
  allowedOrigins: string[];
  trustProxy: boolean;
  /** The budgets of BU1–BU4, in the names of ServerLimits. */
  budgets: { boardsInMemory: number; boardCharsInMemory: number; importsAtOnce: number; readsPerMinute: number; sendBufferBytes: number };
};

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`bad environment: ${first?.path.join('.')} ${first?.message}`);
  }
  return {
    port: parsed.data.PORT,
    host: parsed.data.HOST,
    dataDir: path.resolve(parsed.data.DATA_DIR),
    staticDir: path.resolve(import.meta.dirname, '../dist/client'),
    maxConnectionsPerIp: parsed.data.MAX_CONNECTIONS_PER_IP,
    allowedOrigins: parsed.data.ALLOWED_ORIGINS,
    trustProxy: parsed.data.TRUST_PROXY,
    budgets: {
      boardsInMemory: parsed.data.MAX_BOARDS_IN_MEMORY,
      boardCharsInMemory: Math.round(parsed.data.MAX_BOARD_MB_IN_MEMORY * 1024 * 1024),
      importsAtOnce: parsed.data.IMPORTS_AT_ONCE,
      readsPerMinute: parsed.data.READS_PER_MINUTE,
      sendBufferBytes: parsed.data.SEND_BUFFER_BYTES,
    },
  };
}
