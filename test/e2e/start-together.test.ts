import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BROWSER_TEST } from '../helpers/browser.js';
import { copyProject, spawnServer, waitExit, type ServerProcess } from '../helpers/process.js';
import { removeDir, tempDir } from '../helpers/server.js';

const children: ServerProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const c of children) c.child.kill('SIGKILL');
  for (const d of dirs) await removeDir(d);
});

/** The page a browser would load, and every script it names, as served. */
async function pageWorks(url: string): Promise<string> {
  const html = await (await fetch(url + '/')).text();
  const scripts = [...html.matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  expect(scripts.length).toBeGreaterThan(0);
  let code = '';
  for (const s of scripts) {
    const res = await fetch(url + s);
    expect(res.status).toBe(200);
    code += await res.text();
  }
  return code;
}

const BUILDS = /built in \d/g;

// A cluster's nodes start from one checkout at the same moment (`npm start` on each port): the
// client build must neither run twice at once nor empty dist/client under a server that serves it.
describe('npm start, several at once', BROWSER_TEST, () => {
  it('two servers started together from one checkout build the client once and both serve it; a changed source is built again', async () => {
    const tree = await tempDir('onaji-start-tree-');
    dirs.push(tree);
    await copyProject(tree);
    const start = async () => {
      const data = await tempDir('onaji-start-');
      dirs.push(data);
      const srv = await spawnServer(data, { ONAJI_SKIP_BUILD: '' }, 'start', tree, 240_000);
      children.push(srv);
      return srv;
    };
    const [a, b] = await Promise.all([start(), start()]);
    const output = a.output() + b.output();
    expect(output.match(BUILDS)).toHaveLength(1);
    expect(output).toContain('not built again');
    for (const s of [a, b]) await pageWorks(s.url);

    // New sources (a pulled change): the next start builds them, and serves what they say.
    const home = path.join(tree, 'client/ui/HomePage.tsx');
    const mark = 'ビルドし直し';
    await writeFile(home, (await readFile(home, 'utf8')).replace("{t('app.name')}</h1>", `{t('app.name')}${mark}</h1>`));
    const c = await start();
    expect(c.output().match(BUILDS)).toHaveLength(1);
    expect(await pageWorks(c.url)).toContain(mark);
    for (const s of [a, b, c]) {
      s.child.kill('SIGTERM');
      expect(await waitExit(s.child)).toBe(0);
    }
  }, 420_000);
});
