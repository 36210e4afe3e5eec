import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import path from 'node:path';
import type { ViteDevServer } from 'vite';

export type PageHandler = (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<unknown>;

/**
 * `npm run dev`: the client served by Vite in middleware mode from this same server and port, so
 * the socket, the API and the page share one origin as in production, and a saved component
 * reaches the browser by HMR. Vite's HMR socket rides on the same HTTP server.
 */
export async function viteDevPages(http: HttpServer): Promise<{ pages: PageHandler; close: () => Promise<void> }> {
  // Loaded only here: `npm start` never pulls Vite's dev server into the running board server.
  const { createServer } = await import('vite');
  const root = path.resolve(import.meta.dirname, '..');
  const vite: ViteDevServer = await createServer({
    configFile: path.join(root, 'vite.config.ts'),
    server: { middlewareMode: true, hmr: { server: http } },
    appType: 'spa',
  });
  const pages: PageHandler = (req, res) =>
    new Promise<void>((resolve) => {
      res.once('close', () => resolve());
      vite.middlewares(req, res, () => {
        res.statusCode = 404;
        res.end('not found');
      });
    });
  return { pages, close: () => vite.close() };
}
