import { existsSync } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { boardTag, redact } from '../../server/log.js';
import { hashSecret, newBoardId, newFacilitatorKey, newParticipantSecret, secretMatches } from '../../server/secrets.js';
import { spawnServer, waitExit, type ServerProcess } from '../helpers/process.js';
import { createBoard, opId, Peer, removeDir, ROOT, startServer, tempDir } from '../helpers/server.js';

const children: ServerProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const c of children) c.child.kill('SIGKILL');
  for (const d of dirs) await removeDir(d);
});

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sourceFiles(p)));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

describe('secrets', () => {
  it('[L11][H1] board ids, facilitator keys and participant secrets carry at least 128 bits from crypto', async () => {
    const bits = (token: string) => Buffer.from(token, 'base64url').length * 8;
    const ids = new Set(Array.from({ length: 5_000 }, newBoardId));
    expect(ids.size).toBe(5_000);
    for (const id of [...ids].slice(0, 100)) {
      expect(id).toMatch(/^b[A-Za-z0-9_-]{22}$/);
      expect(bits(id.slice(1))).toBeGreaterThanOrEqual(128);
    }
    expect(bits(newFacilitatorKey())).toBeGreaterThanOrEqual(128);
    expect(bits(newParticipantSecret())).toBeGreaterThanOrEqual(128);
    const server = await Promise.all((await sourceFiles(path.join(ROOT, 'server'))).map((f) => readFile(f, 'utf8')));
    expect(server.filter((text) => text.includes('Math.random'))).toEqual([]);
    expect(await readFile(path.join(ROOT, 'server/secrets.ts'), 'utf8')).toMatch(/from 'node:crypto'/);
  });

  it('[L11][J5] keys and secrets are compared only as hashes in constant time, never with ===', async () => {
    const key = newFacilitatorKey();
    expect(secretMatches(key, hashSecret(key))).toBe(true);
    expect(secretMatches(key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A'), hashSecret(key))).toBe(false);
    expect(secretMatches(key, undefined)).toBe(false);
    expect(secretMatches(key, 'abc')).toBe(false);
    for (const file of await sourceFiles(path.join(ROOT, 'server'))) {
      const lines = (await readFile(file, 'utf8')).split('\n');
      // A key or secret (or its hash) on either side of ==/!=, other than a check for its absence.
      const compared = lines.filter(
        (l) =>
          /(facilitatorKeyHash|secretHash|facilitatorKey|secret|secrets\[[^\]]+\])\s*[!=]==?(?!=)\s*(?!undefined\b|null\b)[^\s=]/i.test(l) ||
          /[!=]==?\s*[\w.]*(facilitatorKeyHash|secretHash|facilitatorKey|secret)\b/i.test(l),
      );
      expect(compared, path.relative(ROOT, file)).toEqual([]);
    }
    expect(await readFile(path.join(ROOT, 'server/secrets.ts'), 'utf8')).toContain('timingSafeEqual');
  });

  it('[L11] board ids are shortened and long tokens cut in every log line', () => {
    const id = newBoardId();
    const key = newFacilitatorKey();
    const text = redact(`ENOENT: no such file or directory, open '/data/boards/${id}.json' ?key=${key}`);
    expect(text).toContain(`/data/boards/${boardTag(id)}.json`);
    expect(text).not.toContain(id);
    expect(text).not.toContain(key);
    expect(boardTag(id)).toHaveLength(9);
  });

  it('[L11] a whole session through the real process never puts a key, a secret or a board id into its output', { timeout: 30_000 }, async () => {
    const dir = await tempDir('onaji-secrets-');
    dirs.push(dir);
    const first = await spawnServer(dir);
    children.push(first);
    const a = await createBoard(first.url, { title: '秘密' });
    const other = await createBoard(first.url, { title: '別' });
    const fac = new Peer(first.url);
    const p = new Peer(first.url);
    await fac.join({ boardId: a.id, name: '進行', facilitatorKey: a.facilitatorKey });
    const joined = await p.join({ boardId: a.id, name: '参加者', affiliation: 'citizen' });
    if (!joined.ok) throw new Error('join');
    const secret = joined.you.secret;
    await p.send({ opId: opId(), type: 'note.add', note: { id: 'n_1', text: 'ひみつ', x: 0, y: 0 } });
    const again = new Peer(first.url);
    expect(await again.join({ boardId: a.id, name: '参加者', participant: { id: joined.you.id, secret } })).toMatchObject({ ok: true });
    const wrong = secret.slice(0, -2) + (secret.endsWith('AA') ? 'BB' : 'AA');
    expect(await again.join({ boardId: a.id, name: 'x', participant: { id: joined.you.id, secret: wrong } })).toMatchObject({ ok: false });
    expect(await again.join({ boardId: a.id, name: 'x', facilitatorKey: other.facilitatorKey })).toMatchObject({ ok: false });
    for (const [q, status] of [
      [`/api/boards/${a.id}/export?format=csv&key=${a.facilitatorKey}`, 200],
      [`/api/boards/${a.id}/export?format=nope&key=${a.facilitatorKey}`, 400],
      [`/api/boards/${a.id}/snapshots?key=${other.facilitatorKey}`, 403],
      [`/api/boards/${a.id}/snapshots/zzz?key=${a.facilitatorKey}`, 404],
    ] as const)
      expect((await fetch(first.url + q)).status).toBe(status);
    for (const s of [fac, p, again]) s.close();
    first.child.kill('SIGTERM');
    expect(await waitExit(first.child)).toBe(0);

    // Make the next start talk about both boards: a torn log line, an unreadable document.
    await appendFile(path.join(dir, 'boards', `${a.id}.log`), '{"seq":');
    await writeFile(path.join(dir, 'boards', `${other.id}.json`), '{');
    const second = await spawnServer(dir);
    children.push(second);
    const check = new Peer(second.url);
    await check.join({ boardId: a.id, name: '確認', facilitatorKey: a.facilitatorKey });
    check.close();
    expect((await fetch(`${second.url}/api/boards/${other.id}`)).status).toBe(503);
    second.child.kill('SIGTERM');
    await waitExit(second.child);

    const output = first.output() + second.output();
    for (const hidden of [a.facilitatorKey, other.facilitatorKey, secret, a.id, other.id]) expect(output).not.toContain(hidden);
    expect(output).toContain(boardTag(a.id));
    expect(output).toContain(boardTag(other.id));
    expect(output).not.toMatch(/key=/);
  });
});

const strictCsp = (csp: string) => {
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  return directives as Record<string, string[]>;
};

describe('security headers', () => {
  it('[L12][H6] pages, assets, API answers and Socket.IO responses all carry the security headers; the page CSP allows no inline script and no other origin', async () => {
    const web = await tempDir('onaji-web-');
    dirs.push(web);
    await mkdir(path.join(web, 'assets'));
    await writeFile(path.join(web, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>');
    await writeFile(path.join(web, 'assets', 'app.js'), 'console.log(1)');
    const srv = await startServer({ staticDir: web });
    dirs.push(srv.dataDir);
    const host = new URL(srv.url).host;
    const get = (p: string, init?: RequestInit) => fetch(srv.url + p, init);
    const responses = {
      page: await get('/'),
      appRoute: await get('/b/bSomething'),
      head: await get('/', { method: 'HEAD' }),
      asset: await get('/assets/app.js'),
      missingAsset: await get('/assets/nope.js'),
      api: await get('/api/templates'),
      apiMissing: await get('/api/nothing'),
      health: await get('/healthz'),
      badBody: await get('/api/boards', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }),
      socketIo: await get('/socket.io/?EIO=4&transport=polling'),
    };
    for (const [name, res] of Object.entries(responses)) {
      const h = res.headers;
      expect(h.get('x-content-type-options'), name).toBe('nosniff');
      expect(h.get('x-frame-options'), name).toBe('DENY');
      expect(h.get('referrer-policy'), name).toBe('no-referrer');
      expect(h.get('cross-origin-opener-policy'), name).toBe('same-origin');
      if (name !== 'socketIo') expect(h.get('content-security-policy'), name).toMatch(/frame-ancestors 'none'/);
    }
    for (const name of ['page', 'appRoute', 'head', 'asset'] as const) {
      const csp = strictCsp(responses[name].headers.get('content-security-policy')!);
      expect(csp['script-src']).toEqual(["'self'"]);
      expect(csp['default-src']).toEqual(["'self'"]);
      expect(csp['object-src']).toEqual(["'none'"]);
      expect(csp['connect-src']).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
      const sources = Object.values(csp).flat();
      expect(sources.filter((s) => /^(https?:|\*|ws:$|wss:$)/.test(s) || s.includes('unsafe-eval'))).toEqual([]);
    }
    for (const name of ['api', 'apiMissing', 'health', 'badBody'] as const) {
      expect(responses[name].headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
      expect(responses[name].headers.get('cache-control')).toBe('no-store');
    }
    await srv.stop();
  });

  it('[L12] the built client has no inline script, no inline handler and nothing from another origin', async () => {
    const index = path.join(ROOT, 'dist/client/index.html');
    // The suite's global setup builds the client; only a run that skips the build may lack it.
    if (!existsSync(index)) return expect(process.env.ONAJI_SKIP_BUILD).toBeTruthy();
    const html = await readFile(index, 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\/[^/]/);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect([...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]).filter((u) => !/^\/[^/]/.test(u!))).toEqual([]);
  });
});
