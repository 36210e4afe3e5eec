import { describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { removeDir, startServer, tempDir } from '../helpers/server.js';

// A path whose percent-encoding does not decode (a truncated UTF-8 sequence) is the client's mistake.

describe('malformed URL encoding', () => {
  it('[LK5] an API path that does not decode is 400 invalid, not a server error', async () => {
    const srv = await startServer();
    try {
      for (const p of ['/api/boards/%E0%A4%A', '/api/boards/%E0%A4%A/export', '/api/join/%ZZ']) {
        const res = await fetch(srv.url + p);
        expect(res.status, p).toBe(400);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid');
      }
    } finally {
      await srv.stop();
      await removeDir(srv.dataDir);
    }
  });

  it('[LK5] a page or asset path that does not decode is 400 invalid, never the page or a 500', async () => {
    const staticDir = await tempDir('onaji-static-');
    await mkdir(path.join(staticDir, 'assets'));
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>page</title>');
    const srv = await startServer({ staticDir });
    try {
      for (const p of ['/b/%E0%A4%A', '/assets/%E0%A4%A.js', '/%C0']) {
        const res = await fetch(srv.url + p);
        expect(res.status, p).toBe(400);
        expect(await res.text()).not.toContain('<title>page</title>');
      }
      expect((await fetch(srv.url + '/b/abc')).status).toBe(200);
    } finally {
      await srv.stop();
      await removeDir(srv.dataDir);
      await removeDir(staticDir);
    }
  });
});
