import os from 'node:os';
import { createApp } from './app.js';
import { readConfig } from './config.js';
import { consoleLog, systemClock } from './log.js';
import { FileStore } from './store/file-store.js';

/** Every address a participant on the same network could use, so the facilitator can hand one out. */
function lanAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(os.networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(a.address);
  return out;
}

const config = readConfig();
const store = await FileStore.open(config.dataDir, consoleLog);
const app = createApp({
  store,
  clock: systemClock,
  log: consoleLog,
  staticDir: config.staticDir,
  limits: { connectionsPerAddress: config.maxConnectionsPerIp, ...config.budgets },
  allowedOrigins: config.allowedOrigins,
  trustProxy: config.trustProxy,
});

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
  console.log(`  data:    ${config.dataDir}`);
});

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
      await app.close();
    } catch (e) {
      consoleLog.error('error while stopping', { error: String(e) });
      process.exit(1);
    }
    consoleLog.info('stopped');
    process.exit(0);
  });
}
