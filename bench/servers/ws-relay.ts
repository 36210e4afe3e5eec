import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { perMessageDeflate, serveParent } from './ipc.js';

/**
 * The floor: a raw `ws` server that sends every message to every other client. No parsing,
 * no rooms, no validation, no storage, one frame per recipient.
 */
const http = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server: http, perMessageDeflate: perMessageDeflate() });
const clients = new Set<WebSocket>();

wss.on('connection', (ws) => {
  clients.add(ws);
  ws.on('message', (data, isBinary) => {
    for (const c of clients) if (c !== ws) c.send(data, { binary: isBinary });
  });
  ws.on('close', () => clients.delete(ws));
  ws.on('error', () => clients.delete(ws));
});

http.listen(0, '127.0.0.1', () => {
  serveParent((http.address() as AddressInfo).port, async () => {
    for (const c of clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
    await new Promise<void>((r) => http.close(() => r()));
  });
});
