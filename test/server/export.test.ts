import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTE_COLORS } from '../../shared/model.js';
import { Snapshot } from '../../shared/snapshot.js';
import { ja } from '../../client/i18n/ja.js';
import { colorNameKey } from '../../client/ui/colorNames.js';
import { hashSecret } from '../../server/secrets.js';
import { launchBrowser } from '../helpers/browser.js';
import { createBoard, opId, Peer, removeDir, startServer, type TestServer } from '../helpers/server.js';
import { bearer, exportSnapshot, FakeClock, getExport, MAY_FIRST_JST, ok, postImport, workshop, type Workshop } from './workshop.fixtures.js';

const clock = new FakeClock(MAY_FIRST_JST);
let srv: TestServer;
let ws: Workshop;
beforeAll(async () => {
  srv = await startServer({ clock });
  ws = await workshop(srv);
});
afterAll(async () => {
  for (const p of ws.peers) p.close();
  await srv.stop();
  await removeDir(srv.dataDir);
});

const FORMATS = ['json', 'csv', 'md', 'html'] as const;
const guard = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe('export: access and file names', () => {
  it.each(FORMATS)('[X1] %s without a key is 401, with a wrong key 403, with the key (header or ?key=) 200', async (format) => {
    const { b } = ws;
    expect((await getExport(srv, b.id, format)).status).toBe(401);
    expect((await getExport(srv, b.id, format, 'x'.repeat(43))).status).toBe(403);
    const other = await createBoard(srv.url);
    expect((await getExport(srv, b.id, format, other.facilitatorKey)).status).toBe(403);
    expect((await getExport(srv, b.id, format, b.facilitatorKey)).status).toBe(200);
    const viaQuery = await fetch(`${srv.url}/api/boards/${b.id}/export?format=${format}&key=${encodeURIComponent(b.facilitatorKey)}`);
    expect(viaQuery.status).toBe(200);
  });

  it('[X1] an unknown board is 404 and an unknown format 400', async () => {
    expect((await getExport(srv, 'bNoSuchBoard', 'csv', ws.b.facilitatorKey)).status).toBe(404);
    const res = await getExport(srv, ws.b.id, 'xlsx', ws.b.facilitatorKey);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/json, csv, md, html/);
  });

  it.each(FORMATS)('[X2] %s is an attachment named by title and date, Japanese kept in filename*', async (format) => {
    const res = await getExport(srv, ws.b.id, format, ws.b.facilitatorKey);
    const cd = res.headers.get('content-disposition')!;
    expect(cd).toMatch(/^attachment; /);
    const star = /filename\*=UTF-8''([^;]+)/.exec(cd)![1]!;
    expect(decodeURIComponent(star)).toBe(`協働ワークショップ 第1回_2025-05-01.${format}`);
    const plain = /filename="([^"]*)"/.exec(cd)![1]!;
    expect(plain).toMatch(/^[\x20-\x7e]+$/);
    expect(plain).toBe(`onaji-table_2025-05-01.${format}`);
  });

  it('[X2] an ASCII title is its own fallback; characters a file system refuses are replaced', async () => {
    const b = await createBoard(srv.url, { title: 'Kickoff: a/b "test"' });
    const cd = (await getExport(srv, b.id, 'csv', b.facilitatorKey)).headers.get('content-disposition')!;
    expect(cd).toContain('filename="Kickoff_ a_b _test__2025-05-01.csv"');
  });
});

describe('export: json', () => {
  it('[X3] is a schemaVersion 1 snapshot of the whole board and carries no secret', async () => {
    const res = await getExport(srv, ws.b.id, 'json', ws.b.facilitatorKey);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    const snap = Snapshot.parse(JSON.parse(text));
    expect(snap.schemaVersion).toBe(1);
    expect(Object.keys(snap.board.notes).sort()).toEqual(['g1', 'g2', 'g3', 'r1', 'r2', 'u1']);
    expect(snap.board.votes.g2).toEqual({ [ws.citizen.you!.id]: 2, [ws.npo.you!.id]: 1 });
    for (const secret of [ws.b.facilitatorKey, hashSecret(ws.b.facilitatorKey), ...ws.peers.flatMap((p) => [p.you!.secret, hashSecret(p.you!.secret)])])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/facilitatorKeyHash|secrets|secretHash/);
  });
});

describe('export: csv', () => {
  const awkward = {
    comma: 'カンマ, と句読点',
    quote: 'say "hi" and ""twice""',
    lf: '一行目\n二行目',
    cr: 'before\rafter',
    crlf: 'windows\r\nline',
    eq: '=SUM(A1:A2)',
    plus: '+81 3 1234',
    minus: '-5 points',
    at: '@cmd|calc',
    tab: '\tindented',
    crFirst: '\rstarts with CR',
    japanese: '日本語のメモ：「協働」は〜ー①㈱、ですね。',
    emoji: '👍 いいね',
  };

  async function csvBoard() {
    const b = await createBoard(srv.url, { title: '=CSV "検査"' });
    const s = await workshopOn(b);
    return { b, ...s };
  }
  async function workshopOn(b: Awaited<ReturnType<typeof createBoard>>) {
    const fac = new Peer(srv.url);
    const writer = new Peer(srv.url);
    ws.peers.push(fac, writer);
    await fac.join({ boardId: b.id, name: '進行', facilitatorKey: b.facilitatorKey });
    await writer.join({ boardId: b.id, name: '@佐藤, "さとう"', affiliation: 'community' });
    await ok(fac.send({ opId: opId(), type: 'section.add', section: { id: 'sx', title: '-危険な, "見出し"', x: 0, y: 0, width: 20_000, height: 2_000 } }));
    let x = 0;
    for (const [id, text] of Object.entries(awkward)) await ok(writer.send({ opId: opId(), type: 'note.add', note: { id, text, x: (x += 300), y: 10 } }));
    await ok(writer.send({ opId: opId(), type: 'note.add', note: { id: 'outside', text: '+外', x: 50_000, y: 0 } }));
    return { fac, writer };
  }

  it('[X4] starts with a UTF-8 BOM and a Japanese header, ends rows with CRLF, and keeps Japanese byte-exact', async () => {
    const { b } = await csvBoard();
    const res = await getExport(srv, b.id, 'csv', b.facilitatorKey);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const buf = await bytes(res);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const header = Buffer.from('セクション,ふせん,書いた人,所属,票数,色,作成日時,更新日時\r\n', 'utf8');
    expect(buf.subarray(3, 3 + header.length).equals(header)).toBe(true);
    expect(buf.subarray(-2).toString()).toBe('\r\n');
    expect(buf.includes(Buffer.from(awkward.japanese, 'utf8'))).toBe(true);
    expect(buf.includes(Buffer.from('👍 いいね', 'utf8'))).toBe(true);
  });

  it('[X4][X5] parses back with a real CSV parser into exactly the cells, quoting every awkward character and guarding every formula start', async () => {
    const { b, writer } = await csvBoard();
    const text = (await bytes(await getExport(srv, b.id, 'csv', b.facilitatorKey))).toString('utf8');
    // Strict CRLF records: a bare LF or CR between records would fold rows together and fail the comparison.
    const rows: string[][] = parse(text, { bom: true, record_delimiter: '\r\n', relax_quotes: false });
    expect(rows[0]).toEqual(['セクション', 'ふせん', '書いた人', '所属', '票数', '色', '作成日時', '更新日時']);
    const when = '2025-05-01 10:02';
    const author = `'@佐藤, "さとう"`;
    const expected = Object.values(awkward).map((t) => [`'-危険な, "見出し"`, guard(t), author, '地縁組織', '0', '黄', when, when]);
    expected.push(['未分類', `'+外`, author, '地縁組織', '0', '黄', when, when]);
    expect(rows.slice(1)).toEqual(expected);
    for (const [k, lead] of [['eq', '='], ['plus', '+'], ['minus', '-'], ['at', '@'], ['tab', '\t'], ['crFirst', '\r']] as const)
      expect(rows.find((r) => r[1]!.endsWith(awkward[k].slice(1)))![1]).toBe(`'${lead}${awkward[k].slice(1)}`);
    // Nothing but the guard was added: the text reads back as written.
    for (const t of [awkward.comma, awkward.quote, awkward.lf, awkward.cr, awkward.crlf, awkward.japanese]) expect(rows.some((r) => r[1] === t)).toBe(true);
    void writer;
  });

  it('[X4][X15] lists notes by section, most votes first, with affiliation labels and times in Tokyo time by default', async () => {
    const rows: string[][] = parse((await bytes(await getExport(srv, ws.b.id, 'csv', ws.b.facilitatorKey))).toString('utf8'), { bom: true });
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[3], r[4]])).toEqual([
      ['目的', '空き家を活用する', 'NPO 鈴木', '市民活動団体・NPO', '3'],
      ['目的', '子どもの居場所をつくる', '山田 太郎', '市民', '2'],
      ['目的', '予算の見通しを共有する', '市役所 田中', '行政', '1'],
      ['役割', '行政は場所を用意する', '市役所 田中', '行政', '1'],
      ['役割', '市民は声を集める', '山田 太郎', '市民', '0'],
      ['未分類', 'どこにも入らないメモ', 'NPO 鈴木', '市民活動団体・NPO', '0'],
    ]);
    expect(rows[1]![6]).toBe('2025-05-01 10:02');
  });

  it('[X15] a board with its own time zone prints its times there', async () => {
    const snap = await exportSnapshot(srv, ws.b.id, ws.b.facilitatorKey);
    const res = await postImport(srv, JSON.stringify({ ...snap, board: { ...snap.board, timeZone: 'America/New_York' } }));
    const created = (await res.json()) as { id: string; facilitatorKey: string };
    const csv = await getExport(srv, created.id, 'csv', created.facilitatorKey);
    const rows: string[][] = parse((await bytes(csv)).toString('utf8'), { bom: true });
    expect(rows[1]![6]).toBe('2025-04-30 21:02');
    expect(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(csv.headers.get('content-disposition')!)![1]!)).toMatch(/_2025-04-30\.csv$/);
    const bad = await postImport(srv, JSON.stringify({ ...snap, board: { ...snap.board, timeZone: 'Mars/Olympus' } }));
    expect(bad.status).toBe(400);
  });

  it('[X4] names each palette colour in Japanese (黄, not #fff59d), the names the board reads out', async () => {
    const b = await createBoard(srv.url, { title: '色' });
    const writer = new Peer(srv.url);
    ws.peers.push(writer);
    await writer.join({ boardId: b.id, name: '色の人', affiliation: 'citizen' });
    for (const [i, color] of NOTE_COLORS.entries()) await ok(writer.send({ opId: opId(), type: 'note.add', note: { id: `c${i}`, text: color, x: i * 250, y: 0, color } }));
    const rows: string[][] = parse((await bytes(await getExport(srv, b.id, 'csv', b.facilitatorKey))).toString('utf8'), { bom: true });
    const byText = new Map(rows.slice(1).map((r) => [r[1], r[5]]));
    expect(NOTE_COLORS.map((c) => byText.get(c))).toEqual(['黄', 'オレンジ', 'ピンク', '紫', '青', '水色', '緑', 'グレー']);
    // The spoken names on the board are the same words.
    expect(NOTE_COLORS.map((c) => ja[colorNameKey(c)!])).toEqual(NOTE_COLORS.map((c) => byText.get(c)));
  });

  it('[X4][X6][X7] every export says ふせん, the word the board uses', async () => {
    for (const format of ['csv', 'md', 'html'] as const) {
      const text = (await bytes(await getExport(srv, ws.b.id, format, ws.b.facilitatorKey))).toString('utf8');
      expect(text).not.toContain('付箋');
    }
    const html = (await bytes(await getExport(srv, ws.b.id, 'html', ws.b.facilitatorKey))).toString('utf8');
    expect(html).toContain('ふせん');
  });

  it('[X4] an anonymous board exports without author names', async () => {
    const { b, fac } = await csvBoard();
    await ok(fac.send({ opId: opId(), type: 'board.update', anonymous: true }));
    const text = (await bytes(await getExport(srv, b.id, 'csv', b.facilitatorKey))).toString('utf8');
    const rows: string[][] = parse(text, { bom: true });
    expect(rows.slice(1).every((r) => r[2] === '')).toBe(true);
    expect(text).not.toContain('佐藤');
  });
});

describe('export: markdown', () => {
  it('[X6] has the title, date, participants by affiliation and each section ranked by votes, 未分類 last', async () => {
    const res = await getExport(srv, ws.b.id, 'md', ws.b.facilitatorKey);
    expect(res.headers.get('content-type')).toMatch(/^text\/markdown/);
    const md = await res.text();
    expect(md.startsWith('# 協働ワークショップ 第1回\n')).toBe(true);
    expect(md).toContain('2025-05-01 10:02');
    expect(md).toContain('合計 3 人');
    for (const row of ['| 市民 | 1 |', '| 市民活動団体・NPO | 1 |', '| 行政 | 1 |']) expect(md).toContain(row);
    const order = ['## 目的', '空き家を活用する', '子どもの居場所をつくる', '予算の見通しを共有する', '## 役割', '行政は場所を用意する', '市民は声を集める', '## 未分類', 'どこにも入らないメモ'];
    const at = order.map((s) => md.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(md).toContain('3 票（1 位）');
  });

  it('[X6] note text cannot inject markup or HTML', async () => {
    const { b } = await hostileBoard();
    const md = await (await getExport(srv, b.id, 'md', b.facilitatorKey)).text();
    for (const raw of HOSTILE) expect(md).not.toContain(raw);
    expect(md).toContain('\\<script\\>alert\\(1\\)\\</script\\>');
  });
});

const HOSTILE = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', `"'><`];

async function hostileBoard() {
  const b = await createBoard(srv.url, { title: `<script>alert(1)</script> "'><` });
  const fac = new Peer(srv.url);
  const p = new Peer(srv.url);
  ws.peers.push(fac, p);
  await fac.join({ boardId: b.id, name: `"'><`, facilitatorKey: b.facilitatorKey });
  await p.join({ boardId: b.id, name: '<img src=x onerror=alert(1)>', affiliation: 'company' });
  await ok(fac.send({ opId: opId(), type: 'section.add', section: { id: 'h', title: '<script>alert(1)</script>', prompt: `"'><`, x: 0, y: 0, width: 5000, height: 800 } }));
  await ok(p.send({ opId: opId(), type: 'note.add', note: { id: 'x1', text: '<script>alert(1)</script>', x: 10, y: 10 } }));
  await ok(p.send({ opId: opId(), type: 'note.add', note: { id: 'x2', text: '<img src=x onerror=alert(1)>', x: 400, y: 10 } }));
  await ok(p.send({ opId: opId(), type: 'note.add', note: { id: 'x3', text: `"'><`, x: 800, y: 10 } }));
  await ok(fac.send({ opId: opId(), type: 'snapshot.save', label: '<img src=x onerror=alert(1)>' }));
  return { b, fac, p };
}

describe('export: html report', () => {
  it('[X7] is a printable A4 report: title, time, facilitators, balance bars, voting settings, top three, snapshots', async () => {
    await ok(ws.fac.send({ opId: opId(), type: 'snapshot.save', label: '投票のあと' }));
    const res = await getExport(srv, ws.b.id, 'html', ws.b.facilitatorKey);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<h1>協働ワークショップ 第1回</h1>');
    expect(html).toContain('2025-05-01 10:02');
    expect(html).toContain('進行 花子');
    // Three participants of three affiliations: each is a third of the people.
    expect(html.match(/<span class="p" style="width:33\.3%"><\/span>/g)).toHaveLength(3);
    // Votes cast: citizen 2, npo 3, government 2 of 7.
    expect(html).toContain('<span class="v" style="width:42.9%"></span>');
    expect(html).toContain('1人の持ち票</th><td>5 票');
    expect(html.match(/class="note top"/g)).toHaveLength(4);
    expect(html).toMatch(/<div class="place">1位<\/div>\s*<div class="text">空き家を活用する/);
    expect(html).toContain('投票のあと');
    expect(html).toContain('投票終了 / voting ended');
    expect(html).toMatch(/@page \{ size: A4;/);
    expect(html).toMatch(/\.note \{[^}]*break-inside: avoid/);
  });

  it('[X8] escapes every hostile title, name, section, note and label', async () => {
    const { b } = await hostileBoard();
    const html = await (await getExport(srv, b.id, 'html', b.facilitatorKey)).text();
    for (const raw of HOSTILE) expect(html).not.toContain(raw);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;&#39;&gt;&lt;');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
  });

  it('[X8] carries the strict CSP meta tag (and header) and no external URL', async () => {
    const { b } = await hostileBoard();
    const res = await getExport(srv, b.id, 'html', b.facilitatorKey);
    const html = await res.text();
    const csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${csp}">`);
    expect(res.headers.get('content-security-policy')).toBe(csp);
    expect(html).not.toMatch(/\b(?:src|href|action|srcset)\s*=\s*["']?\s*(?:https?:|\/\/)/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
  });

  it('[X8] opened in Chromium with every request aborted, it makes no request, runs no script and shows the text', async () => {
    const { b } = await hostileBoard();
    const html = await (await getExport(srv, b.id, 'html', b.facilitatorKey)).text();
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      const dialogs: string[] = [];
      await page.route('**/*', (route) => {
        requests.push(route.request().url());
        return route.abort();
      });
      page.on('request', (r) => requests.push(r.url()));
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.setContent(html, { waitUntil: 'load' });
      await page.waitForTimeout(200);
      expect(requests).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(await page.evaluate(() => [document.scripts.length, document.images.length])).toEqual([0, 0]);
      const texts = await page.$$eval('.note .text', (els) => els.map((e) => e.textContent));
      expect(texts).toEqual(expect.arrayContaining(['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', `"'><`]));
      expect(await page.title()).toBe(`<script>alert(1)</script> "'>< — 記録`);
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    } finally {
      await browser.close();
    }
  });

  it('[X7] an anonymous board reports without author names', async () => {
    const { b, fac } = await hostileBoard();
    await ok(fac.send({ opId: opId(), type: 'board.update', anonymous: true }));
    const html = await (await getExport(srv, b.id, 'html', b.facilitatorKey)).text();
    expect(html).not.toContain('&lt;img src=x onerror=alert(1)&gt; · ');
    expect(html).toContain('<div class="meta">0 票 · 企業</div>');
    void bearer;
  });
});
