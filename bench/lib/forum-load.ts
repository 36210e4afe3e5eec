import { ForumCrowd, type Style } from './forum-crowd.js';

/**
 * A load-generator child: about a hundred forum members in a process of their own, so that their
 * timestamps are not taken by an event loop that also serves two hundred others. The bench
 * process calls the crowd's methods over IPC (forum-pool.ts) and gets their results back.
 */
type Call = { id: number; method: string; args: unknown[] };

if (!process.send) throw new Error('forum-load runs as a child of the bench (it needs an IPC channel)');
const style = JSON.parse(process.env.FORUM_STYLE ?? '{}') as Style;
const crowd = new ForumCrowd(style);

process.on('message', async ({ id, method, args }: Call) => {
  try {
    const fn = (crowd as unknown as Record<string, (...a: unknown[]) => unknown>)[method];
    if (typeof fn !== 'function') throw new Error(`no such method ${method}`);
    const result = await fn.apply(crowd, args);
    process.send!({ id, result: result ?? null });
  } catch (e) {
    process.send!({ id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
// Never outlive the bench.
process.on('disconnect', () => {
  crowd.close();
  process.exit(0);
});
process.send({ ready: true });
