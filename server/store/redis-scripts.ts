import { defineScript } from 'redis';
import type { CommandParser } from '@redis/client/dist/lib/client/parser.js';

/**
 * Where a board lives in Redis. The braces are a Redis Cluster hash tag: a board's keys share a
 * slot, so the scripts below may touch them together.
 *
 * - `board:{id}` hash: `doc` (the BoardDocument as JSON), `folded` (the seq folded into it),
 *   `head` (the seq of the last entry appended, folded or not).
 * - `log:{id}` stream: one entry per confirmed op, id `<seq>-0`, field `e` the LogEntry as JSON.
 * - `snaps:{id}` / `snapinfo:{id}` hashes: checkpoints by id, and their list entries with sizes.
 * - `boards` hash: id → IndexEntry; `codes` hash: join code → id; `templates` hash: id → StoredTemplate.
 * - `aside` hash: values that did not parse, kept for a person to look at (L15, T12).
 */
export const redisKeys = (prefix: string) => ({
  board: (id: string) => `${prefix}board:{${id}}`,
  log: (id: string) => `${prefix}log:{${id}}`,
  snaps: (id: string) => `${prefix}snaps:{${id}}`,
  snapInfo: (id: string) => `${prefix}snapinfo:{${id}}`,
  boards: `${prefix}boards`,
  codes: `${prefix}codes`,
  templates: `${prefix}templates`,
  aside: `${prefix}aside`,
  /** A log replay could not use whole, kept as it was (S6); same hash tag as the board. */
  logAside: (id: string, at: number) => `${prefix}aside:log:{${id}}:${at}`,
});
export type RedisKeys = ReturnType<typeof redisKeys>;

/** What the scripts answer: `ok`, or why not with the numbers the caller needs to say so. */
export type ScriptReply = ['ok'] | ['conflict', number | null] | ['stale', number, number] | ['exists'];

const reply = (r: unknown) => r as ScriptReply;

/**
 * Compare-and-append (RS2). The entry is added only when the board's log ends exactly at
 * `seq - 1`. Two nodes holding the same board must never fork its order: without this check a
 * node with a stale copy (paused, partitioned, or simply behind) would append its own `seq` N
 * next to another node's N, and every client would then hold a different board. With it the
 * second writer is refused, reloads, and orders its op after what it missed. Redis runs a script
 * as one step, so the check and the write cannot be split by another writer; with
 * `appendfsync always` the reply comes only after the AOF holds both. A lease of the board (a
 * fencing token beside `head`) fits the same step: one more key and argument compared before
 * the write, so a node that lost its lease cannot append even at the right seq.
 */
export const APPEND_ENTRY = defineScript({
  NUMBER_OF_KEYS: 2,
  SCRIPT: `
local head = redis.call('HGET', KEYS[1], 'head')
if not head then return {'conflict'} end
if tonumber(head) ~= tonumber(ARGV[1]) - 1 then return {'conflict', tonumber(head)} end
redis.call('XADD', KEYS[2], ARGV[1] .. '-0', 'e', ARGV[2])
redis.call('HSET', KEYS[1], 'head', ARGV[1])
return {'ok'}`,
  parseCommand(parser: CommandParser, board: string, log: string, seq: number, line: string) {
    parser.pushKey(board);
    parser.pushKey(log);
    parser.push(String(seq), line);
  },
  transformReply: reply as never,
});

/**
 * Fold the log into the document: the document is replaced and the entries it now holds are
 * trimmed from the stream in one step, so a crash leaves either the old document with every
 * entry, or the new one with the later entries — never both folded and replayed, never neither.
 * A document older than the one stored, or ahead of the log, is refused (`stale`): a node with a
 * stale copy must not put a board back in time.
 */
export const FOLD_LOG = defineScript({
  NUMBER_OF_KEYS: 2,
  SCRIPT: `
local folded = tonumber(redis.call('HGET', KEYS[1], 'folded') or '-1')
local head = tonumber(redis.call('HGET', KEYS[1], 'head') or '-1')
local seq = tonumber(ARGV[1])
if seq < folded or seq > head then return {'stale', folded, head} end
redis.call('HSET', KEYS[1], 'doc', ARGV[2], 'folded', ARGV[1])
redis.call('XTRIM', KEYS[2], 'MINID', string.format('%d-0', seq + 1))
return {'ok'}`,
  parseCommand(parser: CommandParser, board: string, log: string, seq: number, doc: string) {
    parser.pushKey(board);
    parser.pushKey(log);
    parser.push(String(seq), doc);
  },
  transformReply: reply as never,
});

/**
 * A new board: document, join code and index entry in one step, so a crash never leaves a code
 * that leads nowhere or a board nobody can find. A board that exists is never overwritten.
 */
export const CREATE_BOARD = defineScript({
  NUMBER_OF_KEYS: 3,
  SCRIPT: `
if redis.call('EXISTS', KEYS[1]) == 1 then return {'exists'} end
redis.call('HSET', KEYS[1], 'doc', ARGV[3], 'folded', ARGV[4], 'head', ARGV[4])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[5])
return {'ok'}`,
  parseCommand(parser: CommandParser, keys: [string, string, string], id: string, code: string, doc: string, seq: number, index: string) {
    for (const k of keys) parser.pushKey(k);
    parser.push(id, code, doc, String(seq), index);
  },
  transformReply: reply as never,
});

/**
 * Put a log that replay had to leave entries out of back in order (S6, RS6): the old stream is
 * kept whole under `aside` for a person, the entries that replayed are written again, and the
 * board's head is set to the last of them, so the next append follows what the board holds.
 * Refused when the stream changed since it was read (another writer appended meanwhile).
 */
export const REPAIR_LOG = defineScript({
  NUMBER_OF_KEYS: 3,
  SCRIPT: `
local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
local lastId = last[1] and last[1][1] or ''
if lastId ~= ARGV[1] then return {'conflict'} end
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('RENAME', KEYS[2], KEYS[3]) end
for i = 3, #ARGV, 2 do redis.call('XADD', KEYS[2], ARGV[i], 'e', ARGV[i + 1]) end
redis.call('HSET', KEYS[1], 'head', ARGV[2])
return {'ok'}`,
  parseCommand(parser: CommandParser, keys: [string, string, string], lastId: string, head: number, entries: [string, string][]) {
    for (const k of keys) parser.pushKey(k);
    parser.push(lastId, String(head));
    for (const [id, e] of entries) parser.push(id, e);
  },
  transformReply: reply as never,
});

export const SCRIPTS = { appendEntry: APPEND_ENTRY, foldLog: FOLD_LOG, createBoard: CREATE_BOARD, repairLog: REPAIR_LOG };
