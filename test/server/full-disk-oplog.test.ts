import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OpLog } from '../../server/store/op-log.js';
import { FaultyDisk } from '../helpers/faulty-disk.js';
import { removeDir, tempDir } from '../helpers/server.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await removeDir(d);
});
async function logOn(disk: FaultyDisk) {
  const dir = await tempDir('onaji-oplog-');
  dirs.push(dir);
  const file = path.join(dir, 'b.log');
  return { log: new OpLog(file, disk.open), file };
}
const line = (seq: number, pad = 40) => JSON.stringify({ seq, text: 'あ'.repeat(pad) });

describe('op log writes (S5, S7)', () => {
  it('[S5] short writes are continued at their offset until every byte of the batch is on disk', async () => {
    const disk = new FaultyDisk();
    disk.shortWrites = true;
    const { log, file } = await logOn(disk);
    await Promise.all([1, 2, 3, 4, 5].map((s) => log.append(line(s))));
    await log.append(line(6));
    await log.close();
    expect(disk.writes).toBeGreaterThan(6); // every batch took more than one write call
    expect(await readFile(file, 'utf8')).toBe([1, 2, 3, 4, 5, 6].map((s) => line(s) + '\n').join(''));
  });

  it('[S5][S7] a disk that fills mid-batch acknowledges nothing of it, refuses what follows, and is cut back to the last good line', async () => {
    const disk = new FaultyDisk();
    const { log, file } = await logOn(disk);
    await log.append(line(1));
    const good = (await readFile(file)).length;
    disk.capacity = good + Buffer.byteLength(line(2)) + 30; // line 2 fits, line 3 only in part
    // Held behind a running task, the three lines go out as one batch.
    let open!: () => void;
    const gate = log.exclusive(() => new Promise<void>((r) => (open = r)));
    const batch = [2, 3, 4].map((s) => log.append(line(s)).then(() => 'acked', (e: NodeJS.ErrnoException) => e.code));
    const queued = log.exclusive(async () => {}).then(() => 'ran', () => 'refused');
    open();
    await gate;
    expect(await Promise.all(batch)).toEqual(['ENOSPC', 'ENOSPC', 'ENOSPC']);
    expect(await queued).toBe('refused'); // a compaction behind the failed batch would fold refused ops
    expect(await readFile(file, 'utf8')).toBe(line(1) + '\n');
    expect(log.needsRepair).toBe(true);
    await expect(log.append(line(2))).rejects.toMatchObject({ code: 'ENOSPC' });

    disk.capacity = Infinity; // space freed
    await log.repair();
    await log.append(line(2));
    await log.close();
    expect(await readFile(file, 'utf8')).toBe(line(1) + '\n' + line(2) + '\n');
  });

  it('[S7] a log whose cut keeps failing stays closed: repair rejects until the disk lets it', async () => {
    const disk = new FaultyDisk();
    const { log, file } = await logOn(disk);
    await log.append(line(1));
    disk.capacity = (await readFile(file)).length + 10;
    disk.failTruncate = true;
    await expect(log.append(line(2))).rejects.toMatchObject({ code: 'ENOSPC' });
    expect((await readFile(file)).length).toBe(Buffer.byteLength(line(1)) + 11); // the torn bytes are still there
    await expect(log.repair()).rejects.toMatchObject({ code: 'EIO' });
    await expect(log.append(line(2))).rejects.toBeTruthy();
    disk.failTruncate = false;
    disk.capacity = Infinity;
    await log.repair();
    await log.append(line(2));
    await log.close();
    expect(await readFile(file, 'utf8')).toBe(line(1) + '\n' + line(2) + '\n');
  });

  const TRIALS = 40 * Number(process.env.FULL_DISK_ROUNDS ?? 1);
  it(`[S5][S7] ${TRIALS} random fills and frees: the file holds exactly the acknowledged lines, in order`, { timeout: 30_000 + TRIALS * 200 }, async () => {
    let seed = 20261206;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let t = 0; t < TRIALS; t++) {
      const disk = new FaultyDisk();
      disk.shortWrites = rand() < 0.5;
      const { log, file } = await logOn(disk);
      const acked: string[] = [];
      let seq = 0;
      for (let wave = 0; wave < 6; wave++) {
        if (rand() < 0.5) disk.capacity = disk.used + Math.floor(rand() * 600);
        else disk.capacity = Infinity;
        await log.repair().catch(() => {});
        const lines = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => line(++seq, 1 + Math.floor(rand() * 50)));
        const results = await Promise.all(lines.map((l) => log.append(l).then(() => l, () => null)));
        for (const l of results) if (l) acked.push(l);
      }
      await log.close();
      expect(await readFile(file, 'utf8'), `trial ${t}`).toBe(acked.map((l) => l + '\n').join(''));
    }
  });
});
