import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';

/**
 * Everything one page receives, as a user's browser would: every WebSocket frame (binary ones —
 * the gzipped join answer, J7 — unpacked), every HTTP response body, and on demand the DOM's text
 * and the board the page holds. `mark()` starts a new chapter, so a test can say what arrived
 * before and after a moment (the reveal, the end of a round).
 */
export class WallRecorder {
  private readonly items: { at: number; chapter: number; kind: 'ws' | 'http'; text: string }[] = [];
  private chapter = 0;
  private readonly pendingBodies: Promise<void>[] = [];

  constructor(readonly page: Page) {
    page.on('websocket', (ws) => {
      ws.on('framereceived', (f) => this.push('ws', frameText(f.payload)));
    });
    page.on('response', (res) => {
      const chapter = this.chapter;
      this.pendingBodies.push(
        res.text().then(
          (text) => void this.items.push({ at: Date.now(), chapter, kind: 'http', text }),
          () => {},
        ),
      );
    });
  }

  /** Starts a new chapter; returns its number. */
  mark(): number {
    return ++this.chapter;
  }

  /** All text received in the given chapters (frames and bodies), plus the DOM and the held board now. */
  async seen(chapters?: (c: number) => boolean): Promise<string> {
    await Promise.all(this.pendingBodies);
    const got = this.items.filter((i) => !chapters || chapters(i.chapter)).map((i) => i.text);
    return got.join('\n');
  }

  /** What the page shows and holds right now: DOM text (inputs' values too) and its replica of the board. */
  async screen(): Promise<string> {
    return this.page.evaluate(() => {
      const values = [...document.querySelectorAll('input, textarea')].map((el) => (el as HTMLInputElement).value);
      const held = (window as unknown as { __onaji?: { client?: { state: unknown } } }).__onaji?.client?.state;
      return [document.body.innerText, ...values, JSON.stringify(held ?? null)].join('\n');
    });
  }

  /**
   * Socket.IO packets received, parsed, in the given chapters: events and acks (`42[…]`, `43<id>[…]`,
   * binary ones `451-[…]`), and the unpacked gzip attachments (a whole board, J7) as `['boardGzip', board]`.
   */
  events(chapters?: (c: number) => boolean): unknown[][] {
    const out: unknown[][] = [];
    for (const i of this.items) {
      if (i.kind !== 'ws' || (chapters && !chapters(i.chapter))) continue;
      const m = /^4[2-6][\d-]*(\[[\s\S]*)$/.exec(i.text);
      const board = i.text.startsWith('{') ? i.text : null;
      if (!m && !board) continue;
      try {
        out.push(m ? (JSON.parse(m[1]!) as unknown[]) : ['boardGzip', JSON.parse(board!)]);
      } catch {
        // A binary attachment's placeholder packet is still JSON; anything else is not an event.
      }
    }
    return out;
  }

  get frames(): number {
    return this.items.filter((i) => i.kind === 'ws').length;
  }

  private push(kind: 'ws' | 'http', text: string) {
    this.items.push({ at: Date.now(), chapter: this.chapter, kind, text });
  }
}

function frameText(payload: string | Buffer): string {
  if (typeof payload === 'string') return payload;
  try {
    return gunzipSync(payload).toString('utf8');
  } catch {
    return payload.toString('utf8');
  }
}

/**
 * Every place in received events where dots of a round are named: a `vote.add`/`vote.remove` op,
 * a `votes` record with any voter in it, a note view carrying a count above zero.
 */
export function dotsIn(value: unknown, path = ''): string[] {
  const found: string[] = [];
  const walk = (v: unknown, p: string) => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${p}[${i}]`));
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o.type === 'vote.add' || o.type === 'vote.remove') found.push(`${p}: ${String(o.type)}`);
    if (o.votes && typeof o.votes === 'object' && Object.values(o.votes as object).some((byVoter) => byVoter && Object.keys(byVoter as object).length > 0))
      found.push(`${p}.votes: ${JSON.stringify(o.votes).slice(0, 80)}`);
    if (typeof o.votes === 'number' && o.votes > 0) found.push(`${p}.votes = ${o.votes}`);
    for (const [k, x] of Object.entries(o)) walk(x, `${p}.${k}`);
  };
  walk(value, path);
  return found;
}
