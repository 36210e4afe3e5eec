import WebSocket from 'ws';
import { CursorMsg, JoinRequest } from '../../shared/protocol.js';
import { wouldApply, type Gen } from './fuzz.fixtures.js';

// Below Socket.IO's client: raw engine.io frames over a plain WebSocket, for what no client
// library would send — invalid JSON, 1e309, `__proto__` written into the JSON text, nesting
// 10,000 deep, binary attachment placeholders that point nowhere, frames over the size limit.

export type Frame = string | { text: string; binary: Buffer };
export type Identity = { id: string; secret: string };

/** A Socket.IO event packet with an ack id, as engine.io carries it in a text frame. */
const eventPacket = (ackId: number, body: string) => `42${ackId}${body}`;

/** A parseable but hostile packet. The JSON text is edited in ways a JSON encoder never writes. */
export function hostileFrame(g: Gen, ackId: number, boardId: string): string {
  const roll = g.r();
  if (roll < 0.55) {
    for (;;) {
      const ev = g.event();
      if (ev.expect === 'replay' || ev.expect === 'rejoin') continue;
      let text = JSON.stringify([ev.event, ...ev.args]).replaceAll('$BOARD', boardId);
      text = g.pick<(t: string) => string>([
        (t) => t.replace(/(?<=[:[,])-?\d+(\.\d+)?(?=[,\]}])/, g.pick(['1e309', '-1e309', '1e-400', '-0'])),
        (t) => t.replace(/(?<=^\["[^"]*",\{)/, '"__proto__":{"polluted":true},'),
        (t) => t.replace(/(?<=^\["[^"]*",\{)/, '"constructor":{"prototype":{"polluted":true}},'),
        (t) => t.replace(/"type":("[^"]*")/, '"type":$1,"type":"voting.start"'),
        (t) => t.replace(/:"/, ':"\\ud800'),
        (t) => t,
      ])(text);
      let parsed: unknown[];
      try {
        parsed = JSON.parse(text) as unknown[];
      } catch {
        continue;
      }
      // The edit must not have made a valid op, a valid cursor, or a join that creates a participant.
      if (parsed[0] === 'op' && wouldApply(parsed[1])) continue;
      if (parsed[0] === 'cursor' && CursorMsg.safeParse(parsed[1]).success) continue;
      const join = parsed[0] === 'join' ? JoinRequest.safeParse(parsed[1]) : null;
      if (join?.success && join.data.boardId === boardId && !join.data.participant && !join.data.facilitatorKey) continue;
      return eventPacket(ackId, text);
    }
  }
  if (roll < 0.67) {
    const depth = 1_000 + g.int(9_001);
    const deep = g.chance(0.5) ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    return eventPacket(ackId, `["${g.pick(['op', 'join', 'cursor'])}",${deep}]`);
  }
  if (roll < 0.77) {
    // Just under the message limit, in three-byte characters.
    const text = 'あ'.repeat(35_000 + g.int(7_000));
    return eventPacket(ackId, JSON.stringify(['op', { opId: g.opId(), type: 'note.add', note: { id: 'n_huge', text, x: 0, y: 0 } }]));
  }
  if (roll < 0.9) return g.pick([eventPacket(ackId, '[5,{}]'), eventPacket(ackId, '["op"]'), eventPacket(ackId, '["op",null,null,null]'), '42["cursor",{"x":1e309,"y":-1e309}]']);
  return g.pick(['40/admin,', '40/admin,{"token":1}', '40{"__proto__":{"polluted":true}}']);
}

/** A frame after which the server may (and mostly will) close the connection. */
export function finalFrame(g: Gen): Frame {
  const nested = (d: number) => '['.repeat(d) + '{"_placeholder":true,"num":0}' + ']'.repeat(d);
  return g.pick<() => Frame>([
    () => '42["op",{',
    () => '49',
    () => '42["disconnect"]',
    () => '42[]',
    () => '42[{"op":1}]',
    () => ({ text: '451-["op",{"_placeholder":true,"num":7}]', binary: Buffer.from([1, 2, 3]) }),
    () => ({ text: '451-["op",{"_placeholder":true,"num":"__proto__"}]', binary: Buffer.from([1]) }),
    () => ({ text: `451-["op",${nested(30_000)}]`, binary: Buffer.from([0]) }),
    () => '4599999999999-["op",{}]',
    () => 'garbage',
    () => '4' + 'x'.repeat(140_000),
    () => '41',
  ])();
}

export type WireResult = { frames: number; acks: number; closedByServer: boolean };

/**
 * One raw connection: handshake, join the board as `identity` (a fresh participant the first
 * time), send `count` hostile frames and a final one, and report what happened.
 */
export async function wireSession(url: string, boardId: string, identity: { current: Identity | null }, g: Gen, count: number): Promise<WireResult> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const waiting = new Map<number, () => void>();
  let closedByServer = false;
  let acks = 0;
  let opened: () => void = () => {};
  const ready = new Promise<void>((r) => (opened = r));
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const text = data.toString();
    if (text === '2') return ws.send('3');
    if (text.startsWith('40{')) return opened();
    const ack = /^43(\d+)(.*)$/s.exec(text);
    if (ack) {
      acks++;
      if (ack[1] === '0' && !identity.current) {
        const res = JSON.parse(ack[2]!) as [{ ok: boolean; you?: Identity }];
        if (res[0].ok && res[0].you) identity.current = { id: res[0].you.id, secret: res[0].you.secret };
      }
      waiting.get(Number(ack[1]))?.();
    }
  });
  let lastHeard = Date.now();
  ws.on('message', () => (lastHeard = Date.now()));
  const closed = new Promise<void>((r) => ws.once('close', () => ((closedByServer = true), r())));
  ws.on('error', () => {});
  await new Promise<void>((r, j) => (ws.once('open', () => r()), ws.once('error', j)));
  ws.send('40');
  await Promise.race([ready, closed]);
  const join = { boardId, name: 'wire', affiliation: 'other', ...(identity.current ? { participant: identity.current } : {}) };
  ws.send(eventPacket(0, JSON.stringify(['join', join])));
  await Promise.race([new Promise<void>((r) => waiting.set(0, r)), closed]);

  let frames = 0;
  for (let i = 1; i <= count && ws.readyState === WebSocket.OPEN; i++) {
    ws.send(hostileFrame(g, i, boardId));
    frames++;
  }
  // Many frames get no answer (unknown events, cursors): wait until the server has gone quiet.
  const sentAt = Date.now();
  while (!closedByServer && Date.now() - Math.max(lastHeard, sentAt) < 100) await new Promise((r) => setTimeout(r, 20));
  const last = finalFrame(g);
  if (ws.readyState === WebSocket.OPEN) {
    if (typeof last === 'string') ws.send(last);
    else {
      ws.send(last.text);
      ws.send(last.binary);
    }
    frames++;
  }
  await Promise.race([closed, new Promise((r) => setTimeout(r, 200))]);
  const byServer = closedByServer;
  if (!byServer) ws.terminate();
  return { frames, acks, closedByServer: byServer };
}
