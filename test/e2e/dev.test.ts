import { afterAll, describe, expect, it } from 'vitest';
import { BROWSER_TEST, launchBrowser } from '../helpers/browser.js';
import { spawnServer, waitExit, type ServerProcess } from '../helpers/process.js';
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
    expect(srv.output()).toContain('dev:');

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
});
