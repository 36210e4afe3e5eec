import { z } from 'zod';
import type { Balance } from '../../shared/balance';
import { Affiliation, type Lang } from '../../shared/model';
import { Snapshot, SnapshotInfo } from '../../shared/snapshot';
import { BoardView } from '../../shared/view';
import { createKeyHeader } from './createKey';

// HTTP answers cross a boundary like socket payloads do, so they are parsed, not trusted.

const Created = z.object({
  id: z.string(),
  code: z.string(),
  facilitatorKey: z.string(),
  urls: z.object({ join: z.string(), facilitate: z.string(), present: z.string() }),
});
export type Created = z.infer<typeof Created>;

const Summary = z.object({ id: z.string(), title: z.string(), code: z.string() });
export type Summary = z.infer<typeof Summary>;

const Bilingual = z.object({ ja: z.string(), en: z.string() });
/** T1: enough to name a template, draw its sections and say whether it is one saved here. */
const TemplateList = z.array(
  z.object({
    id: z.string(),
    title: Bilingual,
    description: Bilingual,
    sections: z
      .array(
        z.object({
          title: z.string(),
          en: z.object({ title: z.string(), prompt: z.string() }).optional(),
          x: z.number(),
          y: z.number(),
          width: z.number(),
          height: z.number(),
          color: z.string(),
        }),
      )
      .default([]),
    suggestedBudget: z.number().optional(),
    phases: z.array(z.string()).optional(),
    reflection: Bilingual.optional(),
    notes: z.number().default(0),
    custom: z.boolean().default(false),
  }),
);
export type TemplateInfo = z.infer<typeof TemplateList>[number];

export type ApiResult<T> = { ok: true; value: T } | { ok: false; status: number };

async function getJson<T>(url: string, schema: z.ZodType<T>, init?: RequestInit): Promise<ApiResult<T>> {
  try {
    const res = await fetch(url, { ...init, headers: { accept: 'application/json', ...(init?.headers ?? {}) } });
    if (!res.ok) return { ok: false, status: res.status };
    const parsed = schema.safeParse(await res.json());
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, status: 502 };
  } catch {
    return { ok: false, status: 0 };
  }
}

export const createBoard = (body: { title?: string; template?: string; lang?: Lang }) =>
  getJson('/api/boards', Created, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...createKeyHeader() },
    body: JSON.stringify(body),
  });

/** CK3: whether this server asks for a create key; a server without the route asks for none. */
export const fetchServerInfo = () => getJson('/api/server', z.object({ createKeyRequired: z.boolean() }));

export const fetchBoardSummary = (id: string) => getJson(`/api/boards/${encodeURIComponent(id)}`, Summary);

export type JoinCodeResult = { ok: true; id: string } | { ok: false; status: number; retryAfter: number | null };

/** H3; a refusal for too many tries says how long to wait (`Retry-After`, SC4–SC6). */
export async function resolveJoinCode(code: string): Promise<JoinCodeResult> {
  try {
    const res = await fetch(`/api/join/${encodeURIComponent(code)}`, { headers: { accept: 'application/json' } });
    if (!res.ok) {
      const wait = Number(res.headers.get('retry-after'));
      return { ok: false, status: res.status, retryAfter: Number.isFinite(wait) && wait > 0 ? Math.ceil(wait) : null };
    }
    const parsed = z.object({ id: z.string() }).safeParse(await res.json());
    return parsed.success ? { ok: true, id: parsed.data.id } : { ok: false, status: 502, retryAfter: null };
  } catch {
    return { ok: false, status: 0, retryAfter: null };
  }
}

export const fetchTemplates = () => getJson('/api/templates', TemplateList);

/**
 * The addresses the server is reachable on from other machines (it prints them at start), for a
 * join link that works when the facilitator opened `localhost`. Servers without the route answer
 * 404, and the page's own origin is used.
 */
export const fetchNetwork = () => getJson('/api/network', z.object({ urls: z.array(z.string().url()) }));

// ── the record (exports, checkpoints, handover) and templates saved here ──────────────────────

/** A refusal with the server's own words, which say what is wrong with an imported file. */
export type Sent<T> = { ok: true; value: T } | { ok: false; status: number; message: string };

const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

async function send<T>(url: string, schema: z.ZodType<T> | null, init: RequestInit): Promise<Sent<T>> {
  try {
    const res = await fetch(url, { ...init, headers: { accept: 'application/json', ...(init.headers ?? {}) } });
    if (!res.ok) {
      const body = ErrorBody.safeParse(await res.json().catch(() => null));
      return { ok: false, status: res.status, message: body.success ? body.data.error.message : '' };
    }
    if (!schema) return { ok: true, value: undefined as T };
    const parsed = schema.safeParse(await res.json());
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, status: 502, message: '' };
  } catch {
    return { ok: false, status: 0, message: '' };
  }
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const boardPath = (id: string) => `/api/boards/${encodeURIComponent(id)}`;
const jsonBody = (body: unknown, key?: string, extra: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(key ? bearer(key) : {}), ...extra },
  body: JSON.stringify(body),
});

export type ExportFormat = 'csv' | 'md' | 'html' | 'json';
/** A plain download link (X1): the key rides in the query because a link cannot send a header. */
export const exportUrl = (boardId: string, format: ExportFormat, key: string) =>
  `${boardPath(boardId)}/export?format=${format}&key=${encodeURIComponent(key)}`;

/** X9: the file's text goes as it is; the server says what is wrong with it. */
export const importBoard = (fileText: string) =>
  send('/api/boards/import', Created, { method: 'POST', headers: { 'content-type': 'application/json', ...createKeyHeader() }, body: fileText });

export const startNextSession = (boardId: string, key: string, body: { template?: string; title?: string; carrySections?: string[] }) =>
  send(`${boardPath(boardId)}/next`, Created, jsonBody(body, key));

export const fetchSnapshots = (boardId: string, key: string) =>
  send(`${boardPath(boardId)}/snapshots`, z.array(SnapshotInfo), { headers: bearer(key) });

export const fetchSnapshot = (boardId: string, key: string, snapshotId: string) =>
  send(`${boardPath(boardId)}/snapshots/${encodeURIComponent(snapshotId)}`, Snapshot, { headers: bearer(key) });

export type SaveTemplateBody = { boardId: string; title: { ja: string; en: string }; description?: { ja: string; en: string }; includeNotes?: boolean };
export const saveTemplate = (key: string, body: SaveTemplateBody) =>
  send('/api/templates', z.object({ id: z.string() }), jsonBody(body, key, createKeyHeader()));

export const deleteTemplate = (id: string, key: string) =>
  send(`/api/templates/${encodeURIComponent(id)}`, null, { method: 'DELETE', headers: bearer(key) });

const Counts = z.object({ participants: z.number(), online: z.number(), notes: z.number(), votes: z.number().nullable() });
const BalanceSchema: z.ZodType<Balance> = z.object({
  rows: z.array(Counts.extend({ affiliation: Affiliation, share: Counts })),
  totals: Counts,
  facilitators: Counts,
  unattributed: z.object({ notes: z.number() }),
  votesHidden: z.boolean(),
});

/** What anybody with the join link may read after the workshop: a participant's view, never more. */
const Results = z.object({ board: BoardView, balance: BalanceSchema });
export type Results = z.infer<typeof Results>;
export const fetchResults = (boardId: string) => getJson(`${boardPath(boardId)}/results`, Results);
