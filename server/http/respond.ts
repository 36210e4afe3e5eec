import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorCode } from '../../shared/errors.js';
import type { ZodType } from 'zod';
import { describeIssues } from '../../shared/issues.js';

/** On every response (L12). Pages replace the CSP with their own; everything else may load nothing. */
export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
};

export function json(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

export const fail = (res: ServerResponse, status: number, code: ErrorCode, message: string) =>
  json(res, status, { error: { code, message } });

export class BodyError extends Error {
  constructor(readonly status: number, readonly code: ErrorCode, message: string) {
    super(message);
  }
}

/** A JSON body as it came, up to `limit` bytes; a bigger one is refused as soon as it shows it is (L2). */
export async function readBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new BodyError(415, 'invalid', 'send JSON (Content-Type: application/json)');
  const declared = Number(req.headers['content-length']);
  if (declared > limit) throw new BodyError(413, 'limit', `the body is larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyError(413, 'limit', `the body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

/** Read a JSON body up to `limit` bytes; a bigger or malformed one is refused before parsing. */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const text = (await readBytes(req, limit)).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError(400, 'invalid', 'the body is not valid JSON');
  }
}

/**
 * The body of a request, parsed with `schema`: on anything wrong (type, size, JSON, shape) the
 * refusal is sent and null is returned, so a route reads `const body = await readBody(...); if (!body) return;`.
 */
export async function readBody<T>(req: IncomingMessage, res: ServerResponse, schema: ZodType<T>, limit: number): Promise<T | null> {
  let raw: unknown;
  try {
    raw = await readJson(req, limit);
  } catch (e) {
    if (!(e instanceof BodyError)) throw e;
    fail(res, e.status, e.code, e.message);
    return null;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  fail(res, 400, 'invalid', describeIssues(parsed.error, 'body'));
  return null;
}

/** The Host a request named, if it is a plain host[:port] (anything else is not trusted into a URL). */
export function hostOf(req: IncomingMessage): string | null {
  const host = req.headers.host;
  return host && /^[A-Za-z0-9.[\]:-]+$/.test(host) ? host : null;
}

/**
 * The origin a browser used to reach us, so links we hand out work from where they were asked.
 * Behind a trusted TLS proxy the scheme is the one the browser used (`X-Forwarded-Proto`).
 */
export function originOf(req: IncomingMessage, trustProxy = false): string {
  const proto = trustProxy && req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  return `${proto}://${hostOf(req) ?? 'localhost'}`;
}
