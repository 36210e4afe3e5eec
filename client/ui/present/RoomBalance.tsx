import { useEffect, useRef, useState } from 'react';
import { z } from 'zod';
import { AFFILIATIONS } from '../../../shared/model';
import type { Balance } from '../../../shared/balance';
import { useBoardField, usePresence } from '../../state/hooks';
import { BalanceChart } from '../balance/BalanceChart';
import { LiveBalance } from '../balance/LiveBalance';

/** Between two asks of the server while notes keep coming: a wall needs no faster bars. */
const ASK_EVERY_MS = 1_500;

/**
 * The balance of voices on the wall. The wall's replica is a participant's (PR3): during private
 * writing it holds nobody's notes, and in anonymous mode nobody's affiliation, so it would show
 * an empty or wrong bar. Then the server's public balance (T8–T10: counts only, no text, a hidden
 * round's dots null) is asked for as the board changes; otherwise the replica counts live.
 */
export function RoomBalance({ boardId, large = true }: { boardId: string; large?: boolean }) {
  const partial = useBoardField((b) => b.settings.privateWriting || b.settings.anonymous, false);
  const anonymous = useBoardField((b) => b.settings.anonymous, false);
  // In anonymous mode a bar that grows right after a note appears names its author's affiliation
  // (a table may hold one company): the counts move only when the step changes.
  const moment = useBoardField((b) => (anonymous ? (b.phase ?? '') : b.seq), 0);
  const online = usePresence().filter((p) => p.online).length;
  const server = useServerBalance(boardId, partial, `${moment}/${online}`);
  if (!partial) return <LiveBalance audience="room" large={large} />;
  return <BalanceChart balance={server} large={large} />;
}

function useServerBalance(boardId: string, enabled: boolean, version: string): Balance | null {
  const [balance, setBalance] = useState<Balance | null>(null);
  // Only spaces the asks; a new ask is for a new version of the board.
  const askedAt = useRef(0);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const wait = Math.max(0, askedAt.current + ASK_EVERY_MS - Date.now());
    const timer = setTimeout(() => {
      askedAt.current = Date.now();
      void fetchRoomBalance(boardId).then((b) => live && b && setBalance(b));
    }, wait);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [boardId, enabled, version]);
  return enabled ? balance : null;
}

const Counts = z.object({ participants: z.number(), online: z.number(), notes: z.number(), votes: z.number().nullable() });
const Shares = z.object({ participants: z.number(), online: z.number(), notes: z.number(), votes: z.number().nullable() });
const BalanceSchema = z.object({
  rows: z.array(Counts.extend({ affiliation: z.enum(AFFILIATIONS), share: Shares })),
  totals: Counts,
  facilitators: Counts,
  unattributed: z.object({ notes: z.number() }),
  votesHidden: z.boolean(),
});

async function fetchRoomBalance(boardId: string): Promise<Balance | null> {
  try {
    const res = await fetch(`/api/boards/${encodeURIComponent(boardId)}`, { headers: { accept: 'application/json' } });
    if (!res.ok) return null;
    const parsed = z.object({ balance: BalanceSchema }).safeParse(await res.json());
    return parsed.success ? parsed.data.balance : null;
  } catch {
    return null;
  }
}
