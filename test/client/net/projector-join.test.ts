import { describe, expect, it } from 'vitest';
import { JoinRequest } from '../../../shared/protocol.js';
import { joinRequest } from '../../../client/net/entries.js';

const boardId = 'bAbCdEfGhIjKlMnOpQrStUv';

describe('the projector’s join request', () => {
  it('[PR1][J6] projector with a key or a participant fails the schema; alone it passes', () => {
    const wall = { boardId, name: 'プロジェクター', projector: true };
    expect(JoinRequest.safeParse(wall).success).toBe(true);
    expect(JoinRequest.safeParse({ ...wall, since: 4, encoding: 'gzip' }).success).toBe(true);
    expect(JoinRequest.safeParse({ ...wall, facilitatorKey: 'k'.repeat(43) }).success).toBe(false);
    expect(JoinRequest.safeParse({ ...wall, participant: { id: 'p1234567890abcdef', secret: 's'.repeat(32) } }).success).toBe(false);
    expect(JoinRequest.safeParse({ ...wall, projector: false }).success).toBe(false);
  });

  it('[PR1] the wall’s client never sends a key or an identity, also when it rejoins after its first join', () => {
    const info = { boardId, name: 'プロジェクター', projector: true as const, facilitatorKey: 'k'.repeat(43) };
    const first = joinRequest(info, null, undefined, true);
    expect(first).toEqual({ boardId, name: 'プロジェクター', projector: true, encoding: 'gzip' });
    const again = joinRequest(info, { id: '', secret: '', role: 'projector' }, 12, false);
    expect(again).toEqual({ boardId, name: 'プロジェクター', projector: true, since: 12 });
    expect(JoinRequest.safeParse(again).success).toBe(true);
  });
});
