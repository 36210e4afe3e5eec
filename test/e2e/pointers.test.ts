import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARRIVES, BROWSER_TEST, joinBoard, webWorld } from '../helpers/browser.js';
import { createBoard } from '../helpers/server.js';

/** What the page exposes to tests (client/main.tsx) and Konva's registry of stages, as far as these tests read them. */
type KonvaLabel = { opacity(): number };
type KonvaLayer = { on(event: 'draw', fn: () => void): void; off(event: 'draw', fn: () => void): void };
type PageHooks = {
  __onaji: {
    nextFrame(): Promise<void>;
    client: {
      you: { role: string } | null;
      state: { notes: Record<string, unknown> } | null;
      cursors: { get(): ReadonlyMap<string, unknown> };
      submit(input: unknown): { ok: boolean };
    };
  };
  Konva: { stages: { find(selector: string): (KonvaLabel & { getLayer(): KonvaLayer })[] }[] };
};


// A large room's pointers and presence on real screens (RM1–RM3): two laptops and a phone at one
// table. The laptops see each other's pointers, named, gliding between batches; the phone asks for
// no pointers and gets none; the people panel follows arrivals and departures from the deltas.

const world = webWorld();
const SHOTS = 'test-results/pointers';
const LAPTOP = { width: 1366, height: 768 };

type Wire = { sent: string[]; received: string[] };
/** What a page's socket sends and receives, over WebSocket or long-polling, as socket.io text frames. */
function recordWire(page: Page): Wire {
  const wire: Wire = { sent: [], received: [] };
  const text = (p: string | Buffer) => (typeof p === 'string' ? p : p.toString('utf8'));
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => wire.sent.push(text(f.payload)));
    ws.on('framereceived', (f) => wire.received.push(text(f.payload)));
  });
  page.on('request', (r) => {
    if (r.url().includes('/socket.io/') && r.method() === 'POST') wire.sent.push(r.postData() ?? '');
  });
  page.on('response', (r) => {
    if (r.url().includes('/socket.io/') && r.request().method() === 'GET') void r.text().then((t) => wire.received.push(t), () => {});
  });
  return wire;
}
/** The join the page sent (the first frame naming the event). */
const joinOf = (wire: Wire) => {
  const frame = wire.sent.find((f) => f.includes('["join",'));
  if (!frame) return null;
  const json = frame.slice(frame.indexOf('['));
  return (JSON.parse(json) as [string, Record<string, unknown>])[1];
};
const count = (frames: string[], event: string) => frames.filter((f) => f.includes(`["${event}",`)).length;

type Konvaish = { Konva: { stages: { find(sel: string): KNode[] }[] } };
type KNode = { x(): number; y(): number; getText(): { text(): string }; getAbsolutePosition(): { x: number; y: number } };
/** The other person's pointer as this laptop draws it: where the node is now, where it heads, and its name. */
const drawnPointer = (page: Page, id: string) =>
  page.evaluate((who) => {
    const w = window as unknown as Konvaish & { __onaji: { client: { cursors: { get(): Map<string, { x: number; y: number }> } } } };
    const stage = w.Konva.stages[0];
    const node = stage?.find('.remote-cursor')[0];
    const target = w.__onaji.client.cursors.get().get(who);
    const label = stage?.find('.cursor-label')[0];
    return node && target ? { at: { x: node.x(), y: node.y() }, target, name: label?.getText().text() ?? null } : null;
  }, id);

/** The laptop's mouse over its board, at a point in the stage's box. */
async function pointAt(page: Page, fx: number, fy: number) {
  const box = (await page.getByTestId('stage').boundingBox())!;
  await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy, { steps: 1 });
}

/**
 * Samples, at every animation frame for `ms`, where the pointer is drawn and where it heads. A
 * pointer that jumps is only ever seen at a place it was sent to; one that glides is seen between.
 */
const sampleGlide = (page: Page, id: string, ms: number) =>
  page.evaluate(
    ([who, span]) =>
      new Promise<{ drawn: { x: number; y: number }[]; targets: { x: number; y: number }[] }>((resolve) => {
        const w = window as unknown as Konvaish & { __onaji: { client: { cursors: { get(): Map<string, { x: number; y: number }> } } } };
        const drawn: { x: number; y: number }[] = [];
        const targets: { x: number; y: number }[] = [];
        const end = performance.now() + span;
        const tick = () => {
          const node = w.Konva.stages[0]?.find('.remote-cursor')[0];
          const t = w.__onaji.client.cursors.get().get(who);
          if (node) drawn.push({ x: node.x(), y: node.y() });
          if (t) targets.push({ x: t.x, y: t.y });
          if (performance.now() < end) requestAnimationFrame(tick);
          else resolve({ drawn, targets });
        };
        requestAnimationFrame(tick);
      }),
    [id, ms] as const,
  );

/**
 * Holds the page's animation frames from the first frame at which the pointer is on its way
 * (drawn away from where it heads), so a screenshot shows it mid-glide; `release` lets them run.
 */
const holdMidGlide = (page: Page, id: string) =>
  page.evaluate(
    (who) =>
      new Promise<{ at: { x: number; y: number }; target: { x: number; y: number } } | null>((resolve) => {
        const w = window as unknown as Konvaish & {
          __onaji: { client: { cursors: { get(): Map<string, { x: number; y: number }> } } };
          __frames?: { hold: boolean; release(): void };
        };
        const raf = window.requestAnimationFrame.bind(window);
        if (!w.__frames) {
          const held: FrameRequestCallback[] = [];
          const frames = {
            hold: false,
            release() {
              frames.hold = false;
              for (const cb of held.splice(0)) raf(cb);
            },
          };
          w.__frames = frames;
          window.requestAnimationFrame = (cb) => raf((t) => (frames.hold ? held.push(cb) : cb(t)));
        }
        const frames = w.__frames;
        const end = performance.now() + 4000;
        let from: { x: number; y: number } | null = null;
        let to: { x: number; y: number } | null = null;
        const tick = () => {
          const node = w.Konva.stages[0]?.find('.remote-cursor')[0];
          const t = w.__onaji.client.cursors.get().get(who);
          if (t && (!to || t.x !== to.x || t.y !== to.y)) {
            from = to;
            to = { x: t.x, y: t.y };
          }
          // A quarter to three quarters of the way from the last place to the next: plainly between.
          const way = node && from && to ? Math.hypot(node.x() - from.x, node.y() - from.y) / Math.hypot(to.x - from.x, to.y - from.y) : 0;
          if (node && to && way > 0.25 && way < 0.75) {
            frames.hold = true;
            resolve({ at: { x: node.x(), y: node.y() }, target: to });
          } else if (performance.now() > end) resolve(null);
          else raf(tick);
        };
        raf(tick);
      }),
    id,
  );
const releaseFrames = (page: Page) => page.evaluate(() => (window as unknown as { __frames?: { release(): void } }).__frames?.release());

const idOf = (page: Page) => page.evaluate(() => (window as unknown as { __onaji: { client: { you: { id: string } } } }).__onaji.client.you.id);
const onlineRows = (page: Page) => page.locator('[data-testid="participants"] li[data-online="true"]').count();

describe('pointers and presence in a large room (RM1–RM3)', BROWSER_TEST, () => {
  it('[RM1][RM2][RM3][M2] laptops see each other’s pointer named and gliding; the phone asks for none and gets none; the people panel follows who is here', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const b = await createBoard(world.srv.url, { title: '市民フォーラム' });
    const url = `${world.srv.url}/b/${b.id}`;
    const contexts = [];
    try {
      const ctxA = await world.browser.newContext({ viewport: LAPTOP, locale: 'ja-JP' });
      const ctxB = await world.browser.newContext({ viewport: LAPTOP, locale: 'ja-JP' });
      const ctxPhone = await world.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, locale: 'ja-JP' });
      contexts.push(ctxA, ctxB, ctxPhone);
      const [a, bee, phone] = await Promise.all([ctxA.newPage(), ctxB.newPage(), ctxPhone.newPage()]);
      const wires = { a: recordWire(a!), b: recordWire(bee!), phone: recordWire(phone!) };
      await joinBoard(phone!, url, '三田 スマホ', 'company');
      await joinBoard(a!, url, '青木 ノート', 'citizen');
      await joinBoard(bee!, url, '馬場 ノート', 'npo');
      const idB = await idOf(bee!);
      const idPhone = await idOf(phone!);

      // What each screen asked for in its join.
      expect(joinOf(wires.a)).toMatchObject({ pointers: 'batched', presence: 'delta', resets: 'gzip' });
      expect(joinOf(wires.phone)).toMatchObject({ pointers: 'none', presence: 'delta' });

      // Three people online on the laptop's panel, from the join's `online` and the deltas after it.
      await a!.waitForFunction(() => document.querySelectorAll('[data-testid="participants"] li[data-online="true"]').length === 3, null, { timeout: ARRIVES });

      // B's mouse moves over the board: A draws B's pointer, with B's name.
      const deadline = Date.now() + ARRIVES;
      let seen = await drawnPointer(a!, idB);
      for (let i = 0; !seen; i++) {
        if (Date.now() > deadline) throw new Error('B’s pointer never reached A');
        await pointAt(bee!, 0.3 + (i % 5) * 0.05, 0.4);
        await a!.waitForTimeout(150);
        seen = await drawnPointer(a!, idB);
      }
      expect(seen.name).toBe('馬場 ノート');

      // A big step glides: A's node is seen between the places it was sent to, not only at them.
      let between = 0;
      for (let i = 0; between === 0 && Date.now() < deadline + ARRIVES; i++) {
        const sampling = sampleGlide(a!, idB, 900);
        await pointAt(bee!, i % 2 ? 0.2 : 0.8, i % 2 ? 0.25 : 0.7);
        const { drawn, targets } = await sampling;
        const sentTo = new Set(targets.map((t) => `${t.x},${t.y}`));
        between = drawn.filter((p) => !sentTo.has(`${p.x},${p.y}`)).length;
        console.log(`[pointers] glide ${i}: ${drawn.length} frames sampled, ${between} between the ${sentTo.size} places sent`);
      }
      expect(between).toBeGreaterThan(0);

      // The laptops got batches; the phone got no pointer of any kind while they did, though it
      // heard the laptops arrive and hears a note B writes after all those moves.
      const noteId = await bee!.evaluate(() => {
        const r = (window as unknown as PageHooks).__onaji.client.submit({ type: 'note.add', note: { id: 'n_after_pointers', text: '手を動かした後のふせん', x: 40, y: 40 } });
        return r.ok ? 'n_after_pointers' : null;
      });
      expect(noteId).not.toBeNull();
      await phone!.waitForFunction((id) => !!(window as unknown as PageHooks).__onaji.client.state?.notes[id!], noteId, { timeout: ARRIVES });
      expect(count(wires.a.received, 'cursors')).toBeGreaterThan(0);
      expect(count(wires.a.received, 'cursor')).toBe(0);
      expect(count(wires.phone.received, 'presence')).toBeGreaterThanOrEqual(2);
      expect(count(wires.phone.received, 'cursors') + count(wires.phone.received, 'cursor')).toBe(0);

      // A screenshot of A with B's pointer mid-glide, on a laptop and on a full-HD screen.
      for (const [name, size] of [['laptop-1366', LAPTOP], ['fullhd-1920', { width: 1920, height: 1080 }]] as const) {
        await a!.setViewportSize(size);
        let held = null;
        for (let i = 0; !held && i < 10; i++) {
          const holding = holdMidGlide(a!, idB);
          await pointAt(bee!, i % 2 ? 0.25 : 0.7, i % 2 ? 0.3 : 0.65);
          held = await holding;
          if (!held) await releaseFrames(a!);
        }
        expect(held).not.toBeNull();
        await a!.screenshot({ path: `${SHOTS}/mid-glide-${name}.png` });
        console.log(`[pointers] ${name}: drawn at (${held!.at.x.toFixed(0)}, ${held!.at.y.toFixed(0)}) heading to (${held!.target.x}, ${held!.target.y})`);
        await releaseFrames(a!);
      }
      await a!.setViewportSize(LAPTOP);

      // The pointers' layer is drawn while a pointer glides; at rest, once the name has faded, not
      // at all: a still room costs no frames.
      const layerDraws = (ms: number) =>
        a!.evaluate(
          (span) =>
            new Promise<number>((resolve) => {
              const layer = (window as unknown as PageHooks).Konva.stages[0]!.find('.remote-cursor')[0]!.getLayer();
              let draws = 0;
              const count = () => draws++;
              layer.on('draw', count);
              setTimeout(() => {
                layer.off('draw', count);
                resolve(draws);
              }, span);
            }),
          ms,
        );
      const moving = layerDraws(1000);
      await pointAt(bee!, 0.5, 0.5);
      await pointAt(bee!, 0.6, 0.55);
      expect(await moving).toBeGreaterThan(0);
      await a!.waitForFunction(() => ((window as unknown as PageHooks).Konva.stages[0]?.find('.cursor-label') ?? []).every((l: { opacity(): number }) => l.opacity() === 0), null, { timeout: ARRIVES });
      expect(await layerDraws(1000)).toBe(0);

      // A drops off the network and the phone leaves meanwhile: A never hears that delta, and its
      // rejoin's `online` says it. Then B leaves while A listens: the delta says it.
      const offlineRow = (id: string) =>
        a!.waitForFunction((who) => document.querySelector(`[data-testid="participants"] li[data-participant-id="${who}"]`)?.getAttribute('data-online') === 'false', id, { timeout: ARRIVES });
      await ctxA.setOffline(true);
      await a!.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') !== 'connected', null, { timeout: ARRIVES });
      await ctxPhone.close();
      await ctxA.setOffline(false);
      await a!.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'connected', null, { timeout: ARRIVES });
      await offlineRow(idPhone);
      expect(await onlineRows(a!)).toBe(2);
      await a!.screenshot({ path: `${SHOTS}/phone-left-laptop.png` });
      await ctxB.close();
      await offlineRow(idB);
      expect(await onlineRows(a!)).toBe(1);
    } finally {
      for (const c of contexts) await c.close().catch(() => {});
    }
  }, 120_000);
});
