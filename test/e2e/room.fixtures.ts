import { mkdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ARRIVES } from '../helpers/browser.js';

// The three screens of a room (DESIGN.md §7) and what a test needs to watch them: the projector's
// every received byte, each screen's notes and sizes, screenshots per phase.

export const SIZES = {
  projector: { width: 1920, height: 1080 },
  laptop: { width: 1366, height: 768 },
  phone: { width: 390, height: 844 },
} as const;

export const SHOTS = 'test-results/room';

export type Screen = { name: string; context: BrowserContext; page: Page };

type Rect = { x: number; y: number; width: number; height: number };
export type Hooks = {
  __onaji?: {
    client: {
      you: { id: string; role: string } | null;
      state: { notes: Record<string, Rect & { id: string; text: string }>; votes: Record<string, Record<string, number>> } | null;
      pendingOps: unknown[];
    };
    noteTextSizes(): { notes: Record<string, number | null>; sections: { title: number; prompt: number | null }[] };
    voteButtonPoint(id: string, kind: 'add' | 'remove'): { x: number; y: number } | null;
    nextFrame(): Promise<void>;
  };
};

export async function openScreen(browser: Browser, name: string, viewport: { width: number; height: number }, touch = false): Promise<Screen> {
  const context = await browser.newContext({ viewport, locale: 'ja-JP', hasTouch: touch, isMobile: touch });
  const page = await context.newPage();
  page.setDefaultTimeout(ARRIVES);
  page.on('pageerror', (e) => console.error(`[${name} page error]`, e.message));
  return { name, context, page };
}

/** A socket.io frame as text; the join's gzipped board (J7) unpacked, so nothing hides in it. */
function frameText(payload: string | Buffer): string {
  if (typeof payload === 'string') return payload;
  if (payload[0] === 0x1f && payload[1] === 0x8b) return gunzipSync(payload).toString('utf8');
  return payload.toString('utf8');
}

/** Everything a page receives: WebSocket frames and HTTP bodies, in order, as text. */
export function recordTraffic(page: Page): { all: () => string; since: (mark: number) => string; mark: () => number } {
  const seen: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => seen.push(frameText(f.payload as string | Buffer))));
  page.on('response', (r) => {
    const type = r.headers()['content-type'] ?? '';
    if (/json|text\/plain|text\/csv|text\/markdown/.test(type)) void r.text().then((t) => seen.push(t), () => {});
  });
  return { all: () => seen.join('\n'), since: (mark) => seen.slice(mark).join('\n'), mark: () => seen.length };
}

/** What a person can read on the page: its text and the board it holds (the canvas draws from it). */
export const pageText = (page: Page) =>
  page.evaluate(() => {
    const notes = Object.values((window as unknown as Hooks).__onaji?.client.state?.notes ?? {}).map((n) => n.text);
    return `${document.body.innerText}\n${notes.join('\n')}`;
  });

export async function shoot(screens: Screen[], phase: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const s of screens) {
    await s.page.evaluate(() => (window as unknown as Hooks).__onaji?.nextFrame());
    await s.page.screenshot({ path: `${SHOTS}/${phase}-${s.name}.png` });
  }
}

export const waitAttr = (page: Page, testId: string, name: string, value: string) =>
  page.waitForFunction(([t, n, v]) => document.querySelector(`[data-testid="${t}"]`)?.getAttribute(n!) === v, [testId, name, value] as const, { timeout: ARRIVES });

/** The page never scrolls sideways (a phone must not). */
export const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

export const notesOf = (page: Page) => page.evaluate(() => Object.values((window as unknown as Hooks).__onaji?.client.state?.notes ?? {}));

export const settled = (page: Page) =>
  page.waitForFunction(() => (window as unknown as Hooks).__onaji?.client.pendingOps.length === 0, null, { timeout: ARRIVES });

export function overlapping(notes: Rect[]): boolean {
  for (let i = 0; i < notes.length; i++)
    for (let j = i + 1; j < notes.length; j++) {
      const a = notes[i]!;
      const b = notes[j]!;
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) return true;
    }
  return false;
}

/** Waits until the camera stops gliding, then reads what Konva draws: note text and section title sizes in CSS px. */
export async function settledTextSizes(page: Page) {
  let last = '';
  for (let i = 0; i < 60; i++) {
    const now = await page.evaluate(async () => {
      const o = (window as unknown as Hooks).__onaji!;
      await o.nextFrame();
      return JSON.stringify(o.noteTextSizes());
    });
    if (now === last) break;
    last = now;
    await page.waitForTimeout(150);
  }
  return JSON.parse(last) as ReturnType<NonNullable<Hooks['__onaji']>['noteTextSizes']>;
}

export const smallest = (xs: (number | null)[]) => Math.min(...xs.map((x) => x ?? 0));
