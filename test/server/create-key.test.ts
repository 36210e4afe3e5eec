import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.js';
import type { CreateBoardResponse } from '../../shared/protocol.js';
import { serverPerTest, type TestServer } from '../helpers/server.js';

const KEY = 'kumin-center-2026-spring';

const { server, cleanup } = serverPerTest();

const post = (srv: TestServer, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${srv.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;
/** Boards the server knows, by its index of join codes (S4). */
const boardCount = async (srv: TestServer) =>
  Object.keys((JSON.parse(await readFile(path.join(srv.dataDir, 'index.json'), 'utf8').catch(() => '{"boards":{}}')) as { boards: object }).boards).length;

describe('who may create', () => {
  it('[CK1][CK3] without CREATE_KEY anybody may create, as on a laptop in the room', async () => {
    const srv = await server();
    expect(await (await fetch(`${srv.url}/api/server`)).json()).toEqual({ createKeyRequired: false });
    expect((await post(srv, '/api/boards', { title: 'ひらかれた' })).status).toBe(201);
  });

  it('[CK1][CK3] with CREATE_KEY, create, import and saving a template need it; a missing or wrong key is 403 and makes nothing', async () => {
    const srv = await server({ createKey: KEY });
    expect(await (await fetch(`${srv.url}/api/server`)).json()).toEqual({ createKeyRequired: true });

    const missing = await post(srv, '/api/boards', { title: '無断' });
    expect(missing.status).toBe(403);
    expect(await errorOf(missing)).toEqual({ code: 'forbidden', message: expect.stringMatching(/needs its create key/) });
    const wrong = await post(srv, '/api/boards', { title: '無断' }, { 'x-create-key': KEY.slice(0, -1) + 'X' });
    expect(wrong.status).toBe(403);
    expect((await errorOf(wrong)).message).toMatch(/not valid on this server/);
    expect(await boardCount(srv)).toBe(0);

    const made = await post(srv, '/api/boards', { title: '区民センター' }, { 'x-create-key': KEY });
    expect(made.status).toBe(201);
    const b = (await made.json()) as CreateBoardResponse;

    const file = await (await fetch(`${srv.url}/api/boards/${b.id}/export?format=json`, { headers: { authorization: `Bearer ${b.facilitatorKey}` } })).text();
    expect((await post(srv, '/api/boards/import', file)).status).toBe(403);
    expect((await post(srv, '/api/boards/import', file, { 'x-create-key': 'guess-guess-guess' })).status).toBe(403);
    expect(await boardCount(srv)).toBe(1);
    expect((await post(srv, '/api/boards/import', file, { 'x-create-key': KEY })).status).toBe(201);

    // The board's own key is not enough to write a template every board on the server offers.
    const template = { boardId: b.id, title: { ja: '区民の声', en: 'Residents' } };
    const asFacilitator = { authorization: `Bearer ${b.facilitatorKey}` };
    const refused = await post(srv, '/api/templates', template, asFacilitator);
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).message).toMatch(/create key/);
    expect((await post(srv, '/api/templates', template, { ...asFacilitator, 'x-create-key': KEY })).status).toBe(201);
  });

  it('[CK2] the next session needs the source board’s facilitator key, not the create key', async () => {
    const srv = await server({ createKey: KEY });
    const b = (await (await post(srv, '/api/boards', { title: '第1回' }, { 'x-create-key': KEY })).json()) as CreateBoardResponse;
    expect((await post(srv, `/api/boards/${b.id}/next`, { title: '第2回' })).status).toBe(401);
    const next = await post(srv, `/api/boards/${b.id}/next`, { title: '第2回' }, { authorization: `Bearer ${b.facilitatorKey}` });
    expect(next.status).toBe(201);
  });

  it('[CK1] CREATE_KEY is read from the environment; a short one stops the server at start', () => {
    expect(readConfig({}).createKey).toBeNull();
    expect(readConfig({ CREATE_KEY: '' }).createKey).toBeNull();
    expect(readConfig({ CREATE_KEY: KEY }).createKey).toBe(KEY);
    expect(() => readConfig({ CREATE_KEY: 'short' })).toThrow(/CREATE_KEY/);
  });
});
