import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Board } from '../../shared/model.js';
import type { CreateBoardResponse } from '../../shared/protocol.js';
import { TEMPLATES } from '../../shared/templates/index.js';
import { TEMPLATE_AUTHOR, type TemplateInfo } from '../../shared/templates/schema.js';
import { createBoard, opId, Peer, removeDir, startServer, tempDir, type TestServer } from '../helpers/server.js';
import { JAPANESE, overlappingPairs } from '../shared/templates.fixtures.js';
import { bearer, exportSnapshot } from './workshop.fixtures.js';

// [T1–T7][T12][T13] Templates over HTTP on a real server: listing, boards made from them, and
// the facilitator's own templates on disk.

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function server(dataDir?: string): Promise<TestServer> {
  const dir = dataDir ?? (await tempDir());
  if (!dataDir) cleanup.push(() => removeDir(dir));
  const srv = await startServer({ dataDir: dir });
  let stopped = false;
  const stop = srv.stop;
  srv.stop = async () => {
    if (stopped) return;
    stopped = true;
    await stop();
  };
  cleanup.unshift(() => srv.stop());
  return srv;
}

const list = async (srv: TestServer) => (await (await fetch(`${srv.url}/api/templates`)).json()) as TemplateInfo[];
const boardOf = async (srv: TestServer, b: CreateBoardResponse): Promise<Board> => (await exportSnapshot(srv, b.id, b.facilitatorKey)).board;
const post = (srv: TestServer, url: string, body: unknown, key?: string) =>
  fetch(`${srv.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? bearer(key) : {}) }, body: JSON.stringify(body) });
const del = (srv: TestServer, id: string, key?: string) => fetch(`${srv.url}/api/templates/${id}`, { method: 'DELETE', headers: key ? bearer(key) : {} });
const NAME = { ja: '地域の居場所づくり', en: 'Making places to belong' };

async function facilitator(srv: TestServer, b: CreateBoardResponse) {
  const p = new Peer(srv.url);
  cleanup.unshift(async () => p.close());
  const ack = await p.join({ boardId: b.id, name: '進行役', facilitatorKey: b.facilitatorKey, affiliation: 'government' });
  if (!ack.ok) throw new Error(JSON.stringify(ack));
  const send = async (op: Record<string, unknown>) => {
    const res = await p.send({ opId: opId(), ...op });
    if (!res.ok) throw new Error(`${String(op.type)}: ${JSON.stringify(res)}`);
  };
  return { p, send };
}

/** Content a template carries: sections with their ids, and notes without authorship or times. */
const layout = (b: Board) => ({
  sections: b.sections,
  notes: Object.values(b.notes).map(({ text, x, y, width, height, color, sectionId }) => ({ text, x, y, width, height, color, sectionId })),
});

/** A same-table board a facilitator has made its own: a renamed, a moved and an added section, notes in and out of them. */
async function workedBoard(srv: TestServer) {
  const b = await createBoard(srv.url, { title: '居場所づくり 第1回', template: 'same-table' });
  const fac = await facilitator(srv, b);
  await fac.send({ type: 'section.update', id: 's_1', patch: { title: '私たちの目的' } });
  await fac.send({ type: 'section.update', id: 's_8', patch: { x: 2600, y: 0, color: '#fffde7' } });
  await fac.send({ type: 'section.add', section: { id: 'extra', title: '気になること', prompt: '心配なことは？', x: 0, y: 2200, width: 900, height: 600, color: '#f5f5f5' } });
  await fac.send({ type: 'note.add', note: { id: 'g1', text: '子どもの居場所をつくる', x: 40, y: 120, color: '#90caf9' } });
  await fac.send({ type: 'note.add', note: { id: 'r1', text: '空き家を貸す', x: 1080, y: 620, width: 240, height: 160 } });
  await fac.send({ type: 'note.add', note: { id: 'loose', text: 'どこにも属さない', x: 6000, y: 6000 } });
  return { b, fac };
}

describe('built-in templates', () => {
  it('[T1] GET /api/templates lists each built-in with what a card needs to draw it', async () => {
    const srv = await server();
    const all = await list(srv);
    expect(all.map((t) => t.id)).toStrictEqual(TEMPLATES.map((t) => t.id));
    for (const [i, t] of all.entries()) {
      const src = TEMPLATES[i]!;
      expect(t).toMatchObject({ id: src.id, title: src.title, description: src.description, custom: false, notes: 0 });
      expect(t.sections).toStrictEqual(src.sections.map(({ title, en, x, y, width, height, color }) => ({ title, en, x, y, width, height, color })));
      expect(t.phases).toStrictEqual(src.phases);
      expect(t.suggestedBudget).toStrictEqual(src.suggestedBudget);
    }
  });

  it.each(TEMPLATES.map((t) => [t.id, t] as const))('[T3][T4] %s creates a board whose sections do not overlap and are titled in both languages', async (id, t) => {
    const srv = await server();
    for (const lang of ['ja', 'en'] as const) {
      const b = await createBoard(srv.url, { template: id, lang });
      const board = await boardOf(srv, b);
      expect(board.template).toBe(id);
      expect(board.title).toBe(t.title[lang]);
      const sections = Object.values(board.sections);
      expect(Object.keys(board.sections)).toStrictEqual(t.sections.map((_, i) => `s_${i + 1}`));
      expect(overlappingPairs(sections)).toStrictEqual([]);
      // The same texts whatever the board's language: Japanese in title, English in en (T4).
      for (const [i, s] of sections.entries()) {
        expect(s).toStrictEqual({ id: `s_${i + 1}`, ...t.sections[i] });
        expect(s.title).toMatch(JAPANESE);
        expect(s.en!.title.trim()).not.toBe('');
        expect(s.en!.title).not.toMatch(JAPANESE);
      }
      expect(board.notes).toStrictEqual({});
    }
  });

  it('[T3] an unknown template id is refused with 400', async () => {
    const srv = await server();
    for (const template of ['nope', 'custom-doesNotExist', 'Same-Table']) {
      const res = await post(srv, '/api/boards', { template });
      expect(res.status, template).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'invalid' } });
    }
  });

  it('[T3][O5] template sections are ordinary sections: the facilitator edits them, a participant may not', async () => {
    const srv = await server();
    const b = await createBoard(srv.url, { template: 'kpt' });
    const fac = await facilitator(srv, b);
    await fac.send({ type: 'section.update', id: 's_3', patch: { width: 1200, color: '#e8f5e9' } });
    await fac.send({ type: 'section.delete', id: 's_2' });
    const p = new Peer(srv.url);
    cleanup.unshift(async () => p.close());
    await p.join({ boardId: b.id, name: '参加者', affiliation: 'citizen' });
    expect(await p.send({ opId: opId(), type: 'section.update', id: 's_1', patch: { title: '乗っ取り' } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const board = await boardOf(srv, b);
    expect(Object.keys(board.sections)).toStrictEqual(['s_1', 's_3']);
    expect(board.sections.s_3).toMatchObject({ width: 1200, color: '#e8f5e9', en: { title: 'Try' } });
  });
});

describe('custom templates', () => {
  it('[T5][T6][T12] a saved custom template survives a restart and creates an equal board', async () => {
    const dataDir = await tempDir();
    cleanup.push(() => removeDir(dataDir));
    const srv = await server(dataDir);
    const { b } = await workedBoard(srv);
    const original = await boardOf(srv, b);
    const res = await post(srv, '/api/templates', { boardId: b.id, title: NAME, description: { ja: '空き家と子ども', en: 'Empty houses and children' }, includeNotes: true }, b.facilitatorKey);
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(id).toMatch(/^custom-[A-Za-z0-9_-]{12}$/);

    const listed = (await list(srv)).at(-1)!;
    expect(listed).toMatchObject({ id, title: NAME, description: { ja: '空き家と子ども', en: 'Empty houses and children' }, custom: true, notes: 3 });
    expect(listed.sections.map((s) => s.title)).toStrictEqual(Object.values(original.sections).map((s) => s.title));
    expect(listed.phases).toStrictEqual(TEMPLATES[1]!.phases);

    const before = await boardOf(srv, await createBoard(srv.url, { template: id }));
    await srv.stop();

    const again = await server(dataDir);
    expect((await list(again)).filter((t) => t.custom)).toStrictEqual([listed]);
    const after = await boardOf(again, await createBoard(again.url, { template: id, lang: 'en' }));
    for (const made of [before, after]) {
      expect(made.template).toBe(id);
      // Same sections under the board's ids; renamed ones keep no English, added ones never had it.
      expect(Object.values(made.sections).map(({ id: _id, ...s }) => s)).toStrictEqual(Object.values(original.sections).map(({ id: _id, ...s }) => s));
      expect(layout(made).notes).toStrictEqual(
        layout(original).notes.map((n) => ({ ...n, sectionId: n.sectionId && `s_${Object.keys(original.sections).indexOf(n.sectionId) + 1}` })),
      );
    }
    expect(before.title).toBe(NAME.ja);
    expect(after.title).toBe(NAME.en);
    expect(layout(after)).toStrictEqual(layout(before));
    // Example notes are nobody's: no participant, no votes (T6).
    for (const n of Object.values(after.notes))
      expect(n).toMatchObject({ authorId: TEMPLATE_AUTHOR.id, authorName: 'Template example', affiliation: 'other', createdAt: after.createdAt });
    expect(Object.values(before.notes)[0]!.authorName).toBe('テンプレートの例');
    expect(after.participants).toStrictEqual({});
    expect(after.votes).toStrictEqual({});

    const file = JSON.parse(await readFile(path.join(dataDir, 'templates', `${id}.json`), 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ schemaVersion: 1, createdBy: b.id, template: { id } });
    expect(JSON.stringify(file)).not.toContain(b.facilitatorKey);
    expect(JSON.stringify(file)).not.toContain('進行役');
  });

  it('[T5] without includeNotes a template takes the sections only; the budget of a board that voted is suggested', async () => {
    const srv = await server();
    const { b, fac } = await workedBoard(srv);
    await fac.send({ type: 'voting.start', budget: 5, hidden: false });
    const res = await post(srv, '/api/templates', { boardId: b.id, title: NAME }, b.facilitatorKey);
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect((await list(srv)).find((t) => t.id === id)).toMatchObject({ notes: 0, suggestedBudget: 5, description: { ja: '', en: '' } });
    expect((await boardOf(srv, await createBoard(srv.url, { template: id }))).notes).toStrictEqual({});
  });

  it('[T5] saving needs the key of that board: none is 401, a wrong or another board\'s key 403, an unknown board 404', async () => {
    const srv = await server();
    const { b } = await workedBoard(srv);
    const other = await createBoard(srv.url);
    const body = { boardId: b.id, title: NAME };
    const none = await post(srv, '/api/templates', body);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await post(srv, '/api/templates', body, 'x'.repeat(43))).status).toBe(403);
    expect((await post(srv, '/api/templates', body, other.facilitatorKey)).status).toBe(403);
    expect((await post(srv, '/api/templates', { ...body, boardId: 'bNoSuchBoard' }, b.facilitatorKey)).status).toBe(404);
    expect((await list(srv)).some((t) => t.custom)).toBe(false);
  });

  it.each([
    ['no English title', { title: { ja: '名前' } }],
    ['an empty Japanese title', { title: { ja: '  ', en: 'Name' } }],
    ['an extra key', { title: NAME, sections: [] }],
    ['includeNotes that is not a boolean', { title: NAME, includeNotes: 'yes' }],
  ])('[T5] a body with %s is 400', async (_name, extra) => {
    const srv = await server();
    const b = await createBoard(srv.url);
    const res = await post(srv, '/api/templates', { boardId: b.id, ...extra }, b.facilitatorKey);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid' } });
  });

  it('[T5][V1] notes are not saved while private writing hides them; the sections still are', async () => {
    const srv = await server();
    const { b, fac } = await workedBoard(srv);
    await fac.send({ type: 'writing.private', on: true });
    const res = await post(srv, '/api/templates', { boardId: b.id, title: NAME, includeNotes: true }, b.facilitatorKey);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'conflict' } });
    expect((await post(srv, '/api/templates', { boardId: b.id, title: NAME }, b.facilitatorKey)).status).toBe(201);
  });

  it('[T7] only the key of the board it was saved from deletes a template; built-ins stay', async () => {
    const dataDir = await tempDir();
    cleanup.push(() => removeDir(dataDir));
    const srv = await server(dataDir);
    const { b } = await workedBoard(srv);
    const other = await createBoard(srv.url);
    const { id } = (await (await post(srv, '/api/templates', { boardId: b.id, title: NAME }, b.facilitatorKey)).json()) as { id: string };

    expect((await del(srv, id)).status).toBe(401);
    expect((await del(srv, id, 'x'.repeat(43))).status).toBe(403);
    expect((await del(srv, id, other.facilitatorKey)).status).toBe(403);
    expect((await del(srv, 'same-table', b.facilitatorKey)).status).toBe(403);
    expect((await del(srv, 'custom-nothingHere', b.facilitatorKey)).status).toBe(404);
    expect((await list(srv)).some((t) => t.id === id)).toBe(true);
    const made = await createBoard(srv.url, { template: id });

    const gone = await del(srv, id, b.facilitatorKey);
    expect(gone.status).toBe(204);
    expect((await list(srv)).some((t) => t.id === id)).toBe(false);
    expect((await post(srv, '/api/boards', { template: id })).status).toBe(400);
    expect((await del(srv, id, b.facilitatorKey)).status).toBe(404);
    expect(await readdir(path.join(dataDir, 'templates'))).toStrictEqual([]);
    // A board already made from it is its own: it keeps its sections.
    expect(Object.values((await boardOf(srv, made)).sections).map((s) => s.title)).toContain('気になること');
  });

  it('[T12] a template file that does not parse is moved aside and not offered; the others are', async () => {
    const dataDir = await tempDir();
    cleanup.push(() => removeDir(dataDir));
    const srv = await server(dataDir);
    const { b } = await workedBoard(srv);
    const ids: string[] = [];
    for (const ja of ['一つ目', '二つ目']) ids.push(((await (await post(srv, '/api/templates', { boardId: b.id, title: { ja, en: 'x' } }, b.facilitatorKey)).json()) as { id: string }).id);
    await srv.stop();
    const bad = path.join(dataDir, 'templates', `${ids[0]}.json`);
    const stored = JSON.parse(await readFile(bad, 'utf8')) as { template: { sections: { color: string }[] } };
    stored.template.sections[0]!.color = 'javascript:alert(1)';
    await writeFile(bad, JSON.stringify(stored));

    const again = await server(dataDir);
    expect((await list(again)).filter((t) => t.custom).map((t) => t.id)).toStrictEqual([ids[1]]);
    expect((await post(again, '/api/boards', { template: ids[0] })).status).toBe(400);
    const files = await readdir(path.join(dataDir, 'templates'));
    expect(files.filter((f) => f.startsWith(`${ids[0]}.json.corrupt-`))).toHaveLength(1);
  });

  it('[T13][X14] the next session of a board made from a custom template keeps that template', async () => {
    const srv = await server();
    const { b } = await workedBoard(srv);
    const { id } = (await (await post(srv, '/api/templates', { boardId: b.id, title: NAME }, b.facilitatorKey)).json()) as { id: string };
    const made = await createBoard(srv.url, { template: id });
    const res = await post(srv, `/api/boards/${made.id}/next`, {}, made.facilitatorKey);
    expect(res.status).toBe(201);
    const next = await boardOf(srv, (await res.json()) as CreateBoardResponse);
    expect(next.template).toBe(id);
    const titles = (board: Board) => Object.values(board.sections).map((s) => s.title);
    expect(titles(next)).toStrictEqual(titles(await boardOf(srv, made)));
    expect(titles(next)).toContain('気になること');
    expect((await post(srv, `/api/boards/${made.id}/next`, { template: id }, made.facilitatorKey)).status).toBe(201);
  });
});
