import type { Log } from '../log.js';

/** What an ack is worth with these settings: `safe` only when Redis syncs its AOF before it replies. */
export type Persistence = { appendonly: string; appendfsync: string; safe: boolean };

export function judgePersistence(appendonly: string | undefined, appendfsync: string | undefined): Persistence {
  const p = { appendonly: appendonly ?? 'unknown', appendfsync: appendfsync ?? 'unknown' };
  return { ...p, safe: p.appendonly === 'yes' && p.appendfsync === 'always' };
}

/**
 * An ack promises the op survives a crash (RS1). With Redis that is true only when every write
 * reaches the AOF and is synced before the reply; anything less loses up to a second of
 * acknowledged ops (`everysec`), or everything since the last snapshot (no AOF), when Redis dies.
 * The operator must learn this at start, not after the power cut.
 */
export async function checkPersistence(configGet: (name: string) => Promise<Record<string, string>>, log: Log): Promise<Persistence | null> {
  let settings: Record<string, string>;
  try {
    settings = { ...(await configGet('appendonly')), ...(await configGet('appendfsync')) };
  } catch (e) {
    // A managed Redis may hide CONFIG; the operator must then vouch for its settings.
    log.warn('could not read the persistence settings of Redis (CONFIG GET); an ack survives a Redis crash only with appendonly yes and appendfsync always', { error: String(e) });
    return null;
  }
  const p = judgePersistence(settings.appendonly, settings.appendfsync);
  if (p.safe) log.info('Redis syncs every write before it answers: an acknowledged change survives a Redis crash', { appendonly: p.appendonly, appendfsync: p.appendfsync });
  else
    log.warn(
      'WARNING: Redis is not set to sync every write before it answers, so changes acknowledged to participants can be lost if Redis crashes or the machine loses power. ' +
        'Set appendonly yes and appendfsync always in redis.conf (see docs/OPERATIONS.md, "Redis storage").',
      { appendonly: p.appendonly, appendfsync: p.appendfsync },
    );
  return p;
}
