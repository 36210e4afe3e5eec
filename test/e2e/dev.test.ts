import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BROWSER_TEST, launchBrowser } from '../helpers/browser.js';
import { copyProject, freePort, spawnServer, waitExit, type ServerProcess } from '../helpers/process.js';
import { createBoard, Peer, removeDir, tempDir } from '../helpers/server.js';

const children: ServerProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const c of children) c.child.kill('SIGKILL');
  for (const d of dirs) await removeDir(d);
});

describe('npm run dev', BROWSER_TEST, () => {
  it('serves the page from Vite with its hot-reload socket, the API and the board socket on one port, and stops on SIGTERM to npm', async () => {
    const dir = await tempDir('onaji-dev-');
    dirs.push(dir);
    const srv = await spawnServer(dir, {}, 'dev');
    children.push(srv);
    // The banner may come in several writes; the server is up once it names its address.
    await expect.poll(() => srv.output(), { timeout: 30_000 }).toContain('dev:');

    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const viteSaid: string[] = [];
      page.on('console', (m) => {
        if (m.text().startsWith('[vite]')) viteSaid.push(m.text());
      });
      await page.goto(srv.url + '/');
      await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 60_000 });
      // The HMR socket shares the server's port with Socket.IO, which must leave it open.
      await expect.poll(() => viteSaid, { timeout: 60_000 }).toContain('[vite] connected.');
    } finally {
      await browser.close();
    }

    const b = await createBoard(srv.url, { title: 'dev' });
    const p = new Peer(srv.url);
    const joined = await p.join({ boardId: b.id, name: 'D' });
    expect(joined.ok).toBe(true);
    p.close();

    srv.child.kill('SIGTERM');
    expect(await waitExit(srv.child)).toBe(0);
    await expect(fetch(`${srv.url}/healthz`)).rejects.toThrow();
  }, 180_000);

  it('a saved component reaches the open page by hot reload, and a saved server file restarts the server on its port', async () => {
    // A copy of the project to edit, so the checkout itself is never touched (copyProject).
    const tree = await tempDir('onaji-dev-tree-');
    const data = await tempDir('onaji-dev-');
    dirs.push(tree, data);
    await copyProject(tree);
    const edit = async (file: string, from: string, to: string) => {
      const text = await readFile(path.join(tree, file), 'utf8');
      expect(text).toContain(from);
      await writeFile(path.join(tree, file), text.replace(from, to));
    };

    const srv = await spawnServer(data, { PORT: String(await freePort()) }, 'dev', tree);
    children.push(srv);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(srv.url + '/');
      const heading = page.getByRole('heading', { level: 1 });
      await heading.waitFor({ timeout: 60_000 });
      await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
      await edit('client/ui/HomePage.tsx', "{t('app.name')}</h1>", "{t('app.name')}・編集済み</h1>");
      await expect.poll(() => heading.textContent(), { timeout: 60_000 }).toContain('編集済み');
      // Hot reload, not a reload of the page: what the page held is still there.
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    } finally {
      await browser.close();
    }

    await edit('server/http/router.ts', 'json(res, 200, { ok: true })', 'json(res, 200, { ok: true, edited: true })');
    const health = () =>
      fetch(`${srv.url}/healthz`)
        .then((r) => r.json() as Promise<{ edited?: boolean }>)
        .catch(() => ({}) as { edited?: boolean });
    await expect.poll(async () => (await health()).edited, { timeout: 60_000 }).toBe(true);

    srv.child.kill('SIGTERM');
    expect(await waitExit(srv.child)).toBe(0);
  }, 240_000);
});

