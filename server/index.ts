import os from 'node:os';
import { createApp } from './app.js';
import { viteDevPages } from './dev.js';
import { notBuilt } from './http/static.js';
import { readConfig } from './config.js';
import { defaultAllowedHosts } from './http/hosts.js';
import { consoleLog, systemClock } from './log.js';
import { FileStore } from './store/file-store.js';
import { RedisStore } from './store/redis-store.js';

/** Every address a participant on the same network could use, so the facilitator can hand one out. */
function lanAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(os.networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(a.address);
  return out;
}

const config = readConfig();
/** `npm run dev`: pages from Vite with HMR instead of the built client in dist/. */
const dev = process.argv.includes('--dev');
const allowedHosts = config.allowedHosts ?? defaultAllowedHosts(config.host);
const store = config.redisUrl
  ? await RedisStore.open(config.redisUrl, consoleLog, { snapshotBytesPerBoard: config.snapshotBytesPerBoard })
  : await FileStore.open(config.dataDir, consoleLog, {
      snapshotBytesPerBoard: config.snapshotBytesPerBoard,
      minFreeBytes: config.minFreeDiskBytes,
    });
// Vite attaches its HMR socket to the app's HTTP server, so it is made once the app exists.
let devPages: Awaited<ReturnType<typeof viteDevPages>> | null = null;
const app = createApp({
  store,
  clock: systemClock,
  log: consoleLog,
  staticDir: config.staticDir,
  pages: dev ? (req, res, p) => (devPages ? devPages.pages(req, res, p) : notBuilt(req, res)) : undefined,
  limits: { connectionsPerAddress: config.maxConnectionsPerIp, ...config.budgets },
  allowedOrigins: config.allowedOrigins,
  trustProxy: config.trustProxy,
  createKey: config.createKey,
  allowedHosts,
});

if (dev) devPages = await viteDevPages(app.http);

app.http.on('error', (e: NodeJS.ErrnoException) => {
  consoleLog.error(e.code === 'EADDRINUSE' ? `port ${config.port} is in use; set PORT to another number` : String(e));
  process.exit(1);
});
app.http.listen(config.port, config.host, () => {
  const addr = app.http.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  console.log(`おなじテーブル Onaji Table is running`);
  console.log(`  local:   http://localhost:${port}/`);
  const all = config.host === '0.0.0.0' || config.host === '::';
  for (const ip of all ? lanAddresses() : [config.host]) console.log(`  network: http://${ip}:${port}/   ← participants on the same Wi-Fi use this`);
  console.log(`  data:    ${config.redisUrl ? `Redis at ${redisPlace(config.redisUrl)}` : config.dataDir}`);
  if (dev) console.log('  dev:     client from Vite with hot reload; the server restarts when its files change');
  if (config.createKey) console.log(`  boards:  only with the create key (CREATE_KEY)`);
  // A name missing here is refused (DNS rebinding); the operator learns which setting adds it.
  console.log(`  hosts:   ${allowedHosts.includes('*') ? 'any' : allowedHosts.join(', ')}   (ALLOWED_HOSTS)`);
});

/** Where Redis is, without the password a URL may carry. */
function redisPlace(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname.length > 1 ? u.pathname : ''}`;
}

/** A stop that hangs (a disk that stopped answering) must not keep a restart waiting for ever. */
const STOP_DEADLINE_MS = 10_000;

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, async () => {
    if (stopping) {
      // Everything acknowledged is already in the op logs; only the tidy-up is skipped.
      consoleLog.warn(`${sig} again: stopping at once`);
      process.exit(1);
    }
    stopping = true;
    consoleLog.info(`${sig}: finishing the changes in flight, telling everybody the server restarts, saving boards`);
    setTimeout(() => {
      consoleLog.error(`still stopping after ${STOP_DEADLINE_MS / 1000} s; exiting (acknowledged changes are in the op logs)`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    try {
      await devPages?.close();
      await app.close();
    } catch (e) {
      consoleLog.error('error while stopping', { error: String(e) });
      process.exit(1);
    }
    consoleLog.info('stopped');
    process.exit(0);
  });
}
