import { createServer, type Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServer, ServerToClient } from '../shared/protocol.js';
import { createGate } from './http/auth.js';
import { boardRoutes } from './http/boards.routes.js';
import { AnswerCache, readLimits } from './http/answer-cache.js';
import { exportRoutes } from './http/export.routes.js';
import { importRoutes } from './http/import.routes.js';
import { SECURITY_HEADERS } from './http/respond.js';
import { publicRoutes } from './http/public.routes.js';
import { hostCheck } from './http/hosts.js';
import { Router } from './http/router.js';
import { notBuilt, staticHandler } from './http/static.js';
import { templateRoutes } from './http/templates.routes.js';
import { serverLimits, type ServerLimits } from './limits.js';
import type { Clock, Log } from './log.js';
import { admission } from './realtime/admission.js';
import { BoardGzip } from './realtime/board-gzip.js';
import { HEARTBEAT } from './realtime/heartbeat.js';
import { IdentityLimit } from './realtime/identity-limit.js';
import { attachRealtime } from './realtime/index.js';
import { sendEverybodyAway } from './realtime/shutdown.js';
import { soloRooms } from './realtime/solo-rooms.js';
import type { IO, SocketData } from './realtime/types.js';
import { socketsOf } from './realtime/types.js';
import { RoomRegistry } from './rooms/registry.js';
import type { CompactionPolicy } from './rooms/compaction.js';
import type { PageHandler } from './dev.js';
import type { BoardStore } from './store/types.js';
import { TemplateCatalog } from './templates/catalog.js';

export type AppOptions = {
  store: BoardStore;
  clock: Clock;
  log: Log;
  staticDir?: string;
  /** Overrides of shared/limits.ts defaults (a test that needs a flood, an operator's setting). */
  limits?: Partial<ServerLimits>;
  /** Page origins besides the server's own that may open a socket (`ALLOWED_ORIGINS`). */
  allowedOrigins?: readonly string[];
  /** Behind a reverse proxy: client address from `X-Forwarded-For`, scheme from `X-Forwarded-Proto`. */
  trustProxy?: boolean;
  /** When op logs are folded into their documents (S3); `COMPACTION` unless given. */
  compaction?: CompactionPolicy;
  /** How pages and assets are served instead of `staticDir`: the dev server's Vite middleware. */
  pages?: PageHandler;
  /** `CREATE_KEY`: when set, creating, importing and saving a template need it (CK1); unset, anybody may. */
  createKey?: string | null;
  /** Host names this server answers to, any port (`ALLOWED_HOSTS`, LK6); every Host when not given. */
  allowedHosts?: readonly string[];
};
export type App = {
  http: HttpServer;
  io: IO;
  registry: RoomRegistry;
  /** Ids of the participants with a socket on the board now (the balance's `online`, T8). */
  onlineOf: (boardId: string) => ReadonlySet<string>;
  close: () => Promise<void>;
};

/** How long a shutdown waits for sockets to receive what was queued for them. */
const GOODBYE_MS = 2_000;

export function createApp({ store, clock, log, staticDir, limits: overrides, allowedOrigins = [], trustProxy = false, compaction, pages, createKey, allowedHosts }: AppOptions): App {
  const limits = serverLimits(overrides);
  const state = { closing: false };
  const registry = new RoomRegistry({ store, clock, log, compaction, budget: { maxBoards: limits.boardsInMemory, maxChars: limits.boardCharsInMemory } });
  const catalog = new TemplateCatalog({ store, clock });
  const onlineOf = (boardId: string): ReadonlySet<string> =>
    new Set(socketsOf(io, boardId).flatMap((s) => (s.data.participantId ? [s.data.participantId] : [])));
  const creators = createGate(createKey);
  const web = { trustProxy, boardsPerMinute: limits.boardsPerMinute, mayCreate: creators.mayCreate };
  const answers = new AnswerCache();
  registry.onUnload((id) => answers.forget(id));
  const reads = readLimits(limits.readsPerMinute, clock.now, trustProxy);
  const pub = publicRoutes({
    registry,
    cache: answers,
    limits: reads,
    onlineOf,
    listening: () => {
      const a = http.address();
      return a && typeof a === 'object' ? a.address : null;
    },
  });
  const routes = boardRoutes({ registry, store, clock, ...web, findTemplate: catalog.byId, onlineOf });
  const exports = exportRoutes({ registry, store, clock, cache: answers, limits: reads });
  const imports = importRoutes({
    registry,
    clock,
    newBoards: routes.newBoards,
    trustProxy,
    findTemplate: catalog.byId,
    mayCreate: creators.mayCreate,
    importsAtOnce: limits.importsAtOnce,
    importsWaiting: limits.importsWaiting,
  });
  const templates = templateRoutes({ registry, catalog, clock, log, trustProxy, mayCreate: creators.mayCreate });
  const hostAllowed = hostCheck(allowedHosts);
  const router = new Router(log, pages ?? (staticDir ? staticHandler(staticDir) : notBuilt), hostAllowed)
    .on('POST', /^\/api\/boards$/, routes.create)
    .on('POST', /^\/api\/boards\/import$/, imports.importBoard)
    .on('POST', /^\/api\/boards\/([^/]+)\/next$/, imports.nextBoard)
    .on('GET', /^\/api\/boards\/([^/]+)\/export$/, exports.exportBoard)
    .on('GET', /^\/api\/boards\/([^/]+)\/snapshots$/, exports.listSnapshots)
    .on('GET', /^\/api\/boards\/([^/]+)\/snapshots\/([^/]+)$/, exports.getSnapshot)
    .on('GET', /^\/api\/boards\/([^/]+)\/results$/, pub.results)
    .on('GET', /^\/api\/network$/, pub.network)
    .on('GET', /^\/api\/server$/, creators.info)
    .on('GET', /^\/api\/boards\/([^/]+)$/, routes.summary)
    .on('GET', /^\/api\/join\/([^/]+)$/, routes.joinByCode)
    .on('GET', /^\/api\/templates$/, templates.list)
    .on('POST', /^\/api\/templates$/, templates.save)
    .on('DELETE', /^\/api\/templates\/([^/]+)$/, templates.remove);
  const http = createServer(router.handle);
  const gate = admission({ allowedOrigins, maxPerAddress: limits.connectionsPerAddress, trustProxy, isClosing: () => state.closing, log, hostAllowed });
  const io: IO = new Server<ClientToServer, ServerToClient, Record<string, never>, SocketData>(http, {
    maxHttpBufferSize: limits.socketMessageBytes,
    ...HEARTBEAT,
    serveClient: false,
    connectionStateRecovery: undefined,
    allowRequest: gate.allowRequest,
    // Vite's HMR socket shares the HTTP server in development; engine.io must not close upgrades
    // that are not its own. In production every upgrade elsewhere is refused, as before.
    destroyUpgrade: !pages,
  });
  gate.watch(io);
  soloRooms(io);
  // Socket.IO's own responses (polling, the WebSocket upgrade) carry the same headers as ours.
  io.engine.on('headers', (headers: Record<string, string>) => Object.assign(headers, SECURITY_HEADERS));
  const boardGzip = new BoardGzip();
  const identities = new IdentityLimit(clock.now, gate.addressOf);
  const stopRealtime = attachRealtime({ io, registry, clock, log, limits, state, boardGzip, identities, addressOf: (s) => gate.addressOf(s.conn) }, registry);

  let closing: Promise<void> | null = null;
  /**
   * Stop accepting, let every op in flight become durable and acknowledged, say goodbye, then
   * fold every log into its document (L13).
   */
  const close = () =>
    (closing ??= (async () => {
      state.closing = true;
      stopRealtime();
      http.close();
      await registry.settle();
      // The acks just resolved are written by their handlers' continuations; let them run first.
      await new Promise((r) => setImmediate(r));
      await sendEverybodyAway(io, GOODBYE_MS);
      await registry.flushAll();
      await store.close();
      boardGzip.clear();
      await imports.close();
    })());
  return { http, io, registry, onlineOf, close };
}

export { socketsOf };
