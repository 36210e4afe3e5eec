import { describe, expect, it } from 'vitest';
import { hashSecret } from '../../server/secrets.js';
import { createBoard, opId, Peer, removeDir, startServer, tempDir } from '../helpers/server.js';

// The log keeps each identity's secret hash beside its participant.join so a restart still knows
// who is who; the ops a rejoining client catches up with are made from the same lines.

describe('secret hashes after a restart', () => {
  it('[L11][LK2] a join with `since` after a restart hands out no secret hash, to a participant or a facilitator', async () => {
    const dataDir = await tempDir();
    const first = await startServer({ dataDir });
    const b = await createBoard(first.url);
    const fac = new Peer(first.url);
    const alice = new Peer(first.url);
    const bob = new Peer(first.url);
    await fac.join({ boardId: b.id, name: '進行', facilitatorKey: b.facilitatorKey });
    await alice.join({ boardId: b.id, name: 'Alice', affiliation: 'citizen' });
    await bob.join({ boardId: b.id, name: 'Bob', affiliation: 'npo' });
    expect((await alice.send({ opId: opId(), type: 'note.add', note: { id: 'n1', text: 'メモ', x: 0, y: 0 } })).ok).toBe(true);
    const secrets = [fac, alice, bob].map((p) => p.you!.secret);
    for (const p of [fac, alice, bob]) p.close();
    // Gone without folding the log into the document, as a crash or kill leaves it.
    first.app.io.close();
    first.app.http.close();

    const second = await startServer({ dataDir });
    try {
      const bobAgain = new Peer(second.url);
      const facAgain = new Peer(second.url);
      const joined = await bobAgain.join({ boardId: b.id, name: 'Bob', participant: { id: bob.you!.id, secret: bob.you!.secret }, since: 0 });
      const facJoined = await facAgain.join({ boardId: b.id, name: '進行', facilitatorKey: b.facilitatorKey, since: 0 });
      // The catch-up path itself was taken: ops, not a whole board.
      expect(joined.ok && 'ops' in joined && joined.ops.some((e) => e.op?.type === 'participant.join')).toBe(true);
      expect(facJoined.ok && 'ops' in facJoined).toBe(true);
      for (const [who, traffic] of [['participant', JSON.stringify(joined) + bobAgain.traffic()], ['facilitator', JSON.stringify(facJoined) + facAgain.traffic()]]) {
        expect(traffic, who).not.toContain('secretHash');
        for (const s of secrets) expect(traffic, who).not.toContain(hashSecret(s));
      }
      bobAgain.close();
      facAgain.close();
    } finally {
      await second.stop();
      await removeDir(dataDir);
    }
  });
});
