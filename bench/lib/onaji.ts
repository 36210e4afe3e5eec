import type { SioClient } from './clients.js';

/** Driving the real server through its wire contract (docs/PROTOCOL.md), as a browser would. */

export type Created = { id: string; code: string; facilitatorKey: string };
type Ack = { ok: true; seq: number } | { ok: false; error: { code: string; message: string } };

export async function createBoard(url: string, title = 'ベンチマーク'): Promise<Created> {
  const res = await fetch(`${url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  if (res.status !== 201) throw new Error(`create board: ${res.status} ${await res.text()}`);
  return (await res.json()) as Created;
}

const AFFILIATIONS = ['citizen', 'npo', 'community', 'company', 'government', 'school', 'other'] as const;

export async function join(c: SioClient, boardId: string, i: number): Promise<string> {
  const ack = await c.request<{ ok: boolean; you?: { id: string }; error?: unknown }>('join', {
    boardId,
    name: `参加者 ${i}`,
    affiliation: AFFILIATIONS[i % AFFILIATIONS.length],
  });
  if (!ack.ok || !ack.you) throw new Error(`join refused: ${JSON.stringify(ack.error)}`);
  return ack.you.id;
}

export async function send(c: SioClient, op: Record<string, unknown>): Promise<number> {
  const ack = await c.request<Ack>('op', op);
  if (!ack.ok) throw new Error(`op ${String(op.type)} refused: ${ack.error.code} ${ack.error.message}`);
  return ack.seq;
}

let opCounter = 0;
export const opId = (prefix = 'op') => `${prefix}_${process.pid}_${(opCounter++).toString(36).padStart(6, '0')}`;

const WORDS = ['防災訓練', '子ども食堂', '空き家の活用', '公園の清掃', '見守り活動', '地域の祭り', '交通安全', '図書館の夜間開館'];
/** Note text as a workshop writes it: a short Japanese sentence. */
export const noteText = (i: number) => `${WORDS[i % WORDS.length]}について：若い世代も参加できるように平日の夜にも集まる (${i})`;

export function noteAdd(id: string, i: number) {
  return { opId: opId('add'), type: 'note.add', note: { id, text: noteText(i), x: (i % 40) * 220, y: Math.floor(i / 40) * 160 } };
}
