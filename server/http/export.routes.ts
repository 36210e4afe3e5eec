import type { ServerResponse } from 'node:http';
import { toSnapshot } from '../../shared/snapshot.js';
import { boardToCsv } from '../export/csv.js';
import { attachment } from '../export/filename.js';
import { boardToHtml, REPORT_CSP } from '../export/html.js';
import { boardToMarkdown } from '../export/markdown.js';
import { formatDate, timeZoneOf } from '../export/time.js';
import type { Clock } from '../log.js';
import type { RoomRegistry } from '../rooms/registry.js';
import type { BoardStore } from '../store/types.js';
import type { AnswerCache, readLimits } from './answer-cache.js';
import { facilitatorRoom } from './auth.js';
import type { Route } from './boards.routes.js';
import { fail, json, SECURITY_HEADERS } from './respond.js';

type Deps = {
  registry: RoomRegistry;
  store: BoardStore;
  clock: Clock;
  /** Exports kept per board state, and the per-address allowance of reads (BU3). */
  cache: AnswerCache;
  limits: ReturnType<typeof readLimits>;
};

export const EXPORT_FORMATS = {
  json: { ext: 'json', type: 'application/json; charset=utf-8' },
  csv: { ext: 'csv', type: 'text/csv; charset=utf-8; header=present' },
  md: { ext: 'md', type: 'text/markdown; charset=utf-8' },
  html: { ext: 'html', type: 'text/html; charset=utf-8' },
} as const;
type Format = keyof typeof EXPORT_FORMATS;
const isFormat = (f: string): f is Format => Object.hasOwn(EXPORT_FORMATS, f);

function download(res: ServerResponse, format: Format, disposition: string, body: string, fresh?: boolean) {
  res.writeHead(200, {
    ...(fresh === undefined ? {} : { 'X-Cache': fresh ? 'miss' : 'hit' }),
    ...SECURITY_HEADERS,
    'Content-Type': EXPORT_FORMATS[format].type,
    'Content-Disposition': disposition,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    // Should a browser open the report in place instead of saving it, the same rules hold.
    ...(format === 'html' ? { 'Content-Security-Policy': REPORT_CSP } : {}),
  });
  res.end(body);
}

/** Downloads for the organizer (X1–X8) and the checkpoint list (X13), all behind the facilitator key. */
export function exportRoutes({ registry, store, clock, cache, limits }: Deps) {
  const exportBoard: Route = async (req, res, [id]) => {
    if (!limits.request(req, res)) return;
    const format = new URL(req.url ?? '/', 'http://x').searchParams.get('format') ?? 'json';
    const room = await facilitatorRoom(req, res, registry, id);
    if (!room) return;
    if (!isFormat(format)) return fail(res, 400, 'invalid', `format must be one of ${Object.keys(EXPORT_FORMATS).join(', ')}`);
    const board = room.board;
    const snapshots = room.snapshots.list();
    // The report lists the checkpoints, which a save adds without an op of its own. The
    // language and time zone are the board's, so its seq covers them; the time of export is
    // that of the first download of this state.
    const key = `export ${format} ${snapshots.length}`;
    let body = cache.kept(board.id, board.seq, key);
    const fresh = body === undefined;
    if (body === undefined) {
      if (!limits.make(req, res)) return;
      const now = clock.now();
      const input = { board, snapshots, exportedAt: now };
      body =
        format === 'json' ? JSON.stringify(toSnapshot(board, now), null, 2)
        : format === 'csv' ? boardToCsv(board)
        : format === 'md' ? boardToMarkdown(input)
        : boardToHtml(input);
      cache.keep(board.id, board.seq, key, body);
    }
    download(res, format, attachment(board.title, formatDate(board.createdAt, timeZoneOf(board)), EXPORT_FORMATS[format].ext), body, fresh);
  };

  const listSnapshots: Route = async (req, res, [id]) => {
    const room = await facilitatorRoom(req, res, registry, id);
    if (room) json(res, 200, room.snapshots.list());
  };

  const getSnapshot: Route = async (req, res, [id, sid]) => {
    const room = await facilitatorRoom(req, res, registry, id);
    if (!room) return;
    const snap = sid ? await store.getSnapshot(room.id, sid) : null;
    if (!snap) return fail(res, 404, 'not_found', 'this board has no such snapshot');
    const date = formatDate(snap.checkpoint.at, timeZoneOf(room.board));
    download(res, 'json', attachment(`${room.board.title} ${snap.checkpoint.label}`, date, 'json'), JSON.stringify(snap, null, 2));
  };

  return { exportBoard, listSnapshots, getSnapshot };
}
