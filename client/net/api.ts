import { z } from 'zod';
import type { Lang } from '../../shared/model';

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

const TemplateList = z.array(
  z.object({ id: z.string(), title: z.object({ ja: z.string(), en: z.string() }), description: z.object({ ja: z.string(), en: z.string() }) }),
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
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

export const fetchBoardSummary = (id: string) => getJson(`/api/boards/${encodeURIComponent(id)}`, Summary);

export const resolveJoinCode = (code: string) =>
  getJson(`/api/join/${encodeURIComponent(code)}`, z.object({ id: z.string() }));

export const fetchTemplates = () => getJson('/api/templates', TemplateList);

/**
 * The addresses the server is reachable on from other machines (it prints them at start), for a
 * join link that works when the facilitator opened `localhost`. Servers without the route answer
 * 404, and the page's own origin is used.
 */
export const fetchNetwork = () => getJson('/api/network', z.object({ urls: z.array(z.string().url()) }));
