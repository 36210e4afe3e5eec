import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportAnswer, ImportRequest } from './import.worker.js';

/**
 * The server runs its TypeScript through tsx, and so must the worker, whether the server was
 * started by tsx or by the test runner: the worker registers tsx's loader, then imports the file.
 */
const WORKER_FILE = pathToFileURL(path.join(import.meta.dirname, 'import.worker.ts')).href;
const TSX_API = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/index\.cjs$/, 'index.mjs');
const BOOT = `import(${JSON.stringify(TSX_API)}).then((t) => { t.register(); return import(${JSON.stringify(WORKER_FILE)}); });`;

/** A worker's own heap: a 10 MiB snapshot parses into well under this. */
const WORKER_HEAP_MB = 256;

export class ImportsBusy extends Error {}

/**
 * At most `atOnce` imports are parsed at a time, each on a worker thread of its own, and at most
 * `waiting` more wait for a worker (BU2). Every body read and every board parsed costs memory, so
 * anything beyond that is refused at once (ImportsBusy) instead of queued without end.
 */
export class ImportPool {
  private idle: Worker[] = [];
  private working = 0;
  private queue: (() => void)[] = [];
  private workers = new Set<Worker>();
  private closed = false;

  constructor(private readonly atOnce: number, private readonly waiting: number) {}

  /** A turn is taken before the body is read, so waiting requests hold no body. */
  async turn(): Promise<() => void> {
    if (this.working < this.atOnce) this.working++;
    else if (this.queue.length < this.waiting) await new Promise<void>((r) => this.queue.push(r));
    else throw new ImportsBusy('too many imports at once');
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.queue.shift();
      if (next) next();
      else this.working--;
    };
  }

  /** Parses and checks `body` on a worker as the board `id`; resolves with its JSON or the reason it was refused. */
  parse(body: Buffer, id: string): Promise<ImportAnswer> {
    const worker = this.idle.pop() ?? this.spawn();
    return new Promise((resolve, reject) => {
      const onMessage = (answer: ImportAnswer) => {
        cleanup();
        this.idle.push(worker);
        resolve(answer);
      };
      const onError = (e: Error) => {
        cleanup();
        this.workers.delete(worker);
        void worker.terminate();
        reject(e);
      };
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      // The bytes move to the worker instead of being copied, when they own their memory.
      const own = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
      const bytes = own ? new Uint8Array(body.buffer, 0, body.byteLength) : Uint8Array.from(body);
      const request: ImportRequest = { body: bytes, id };
      worker.postMessage(request, [bytes.buffer as ArrayBuffer]);
    });
  }

  private spawn(): Worker {
    if (this.closed) throw new Error('the server is stopping');
    const w = new Worker(BOOT, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    // An idle worker never keeps the process alive.
    w.unref();
    this.workers.add(w);
    return w;
  }

  async close() {
    this.closed = true;
    await Promise.all([...this.workers].map((w) => w.terminate()));
    this.workers.clear();
    this.idle = [];
  }
}
