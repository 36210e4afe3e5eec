import { createServer, type Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServer, ServerToClient } from '../shared/protocol.js';
import { boardRoutes } from './http/boards.routes.js';
import { exportRoutes } from './http/export.routes.js';
import { importRoutes } from './http/import.routes.js';
import { Router } from './http/router.js';
import { staticHandler } from './http/static.js';
import type { Clock, Log } from './log.js';
import { attachRealtime } from './realtime/index.js';
import type { IO, SocketData } from './realtime/types.js';
import { socketsOf } from './realtime/types.js';
import { RoomRegistry } from './rooms/registry.js';
import type { BoardStore } from './store/types.js';

export type AppOptions = { store: BoardStore; clock: Clock; log: Log; staticDir?: string };
export type App = { http: HttpServer; io: IO; registry: RoomRegistry; close: () => Promise<void> };

/** Largest legal op is a 500-move note.move or a 2,000-character note: far below this. */
export const MAX_SOCKET_MESSAGE = 256 * 1024;

export function createApp({ store, clock, log, staticDir }: AppOptions): App {
  const registry = new RoomRegistry({ store, clock, log });
  const routes = boardRoutes({ registry, store, clock });
  const exports = exportRoutes({ registry, store, clock });
  const imports = importRoutes({ registry, clock });
  const notBuilt = async (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  };
  const router = new Router(log, staticDir ? staticHandler(staticDir) : notBuilt)
    .on('POST', /^\/api\/boards$/, routes.create)
    .on('POST', /^\/api\/boards\/import$/, imports.importBoard)
    .on('POST', /^\/api\/boards\/([^/]+)\/next$/, imports.nextBoard)
    .on('GET', /^\/api\/boards\/([^/]+)\/export$/, exports.exportBoard)
    .on('GET', /^\/api\/boards\/([^/]+)\/snapshots$/, exports.listSnapshots)
    .on('GET', /^\/api\/boards\/([^/]+)\/snapshots\/([^/]+)$/, exports.getSnapshot)
    .on('GET', /^\/api\/boards\/([^/]+)$/, routes.summary)
    .on('GET', /^\/api\/join\/([^/]+)$/, routes.joinByCode)
    .on('GET', /^\/api\/templates$/, routes.templates);
  const http = createServer(router.handle);
  const io: IO = new Server<ClientToServer, ServerToClient, Record<string, never>, SocketData>(http, {
    maxHttpBufferSize: MAX_SOCKET_MESSAGE,
    serveClient: false,
    connectionStateRecovery: undefined,
  });
  attachRealtime({ io, registry, clock, log }, registry);

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const s of io.sockets.sockets.values()) s.emit('bye', { reason: 'restarting' });
    await new Promise<void>((resolve) => io.close(() => resolve()));
    await registry.flushAll();
    await store.close();
  };
  return { http, io, registry, close };
}

export { socketsOf };
