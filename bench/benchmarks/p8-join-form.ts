import type { Browser } from 'playwright-core';
import {
  closeAllBrowsers,
  ensureClientBuilt,
  fmtMs,
  freshPage,
  joinAs,
  launchBrowser,
  pageScript,
  seedBoard,
  startBoardServer,
  waitForFrame,
  type BoardServer,
  type SeededBoard,
} from '../lib/browser.js';
import { best, median, spread } from '../lib/stats.js';
import { atMost, missing, row, type Benchmark, type Row } from '../lib/types.js';

/** A workshop table's board: what a participant joins in the room. */
const NOTES = 40;
const GOAL = atMost(1000, 'ms');
const NAME = `join form submitted → the ${NOTES}-note board drawn (a first-time participant)`;

type Join = { submitAt: number; formAt: number; frameAt: number; marks: Record<string, number> };

/**
 * P8: a participant opens the board's link for the first time (a fresh profile: no identity,
 * empty cache), the join form is shown, they give a name and submit. Time: from the submit (the
 * button's click, taken in the page) to the start of the animation frame after Konva's first draw
 * of every note (bench/pages/probe.js, as P4). What a person waits for after pressing 参加する.
 * Baseline: the same join from Node over a raw WebSocket (connect, `join`, the answer with the
 * board): the floor set by the network and the server, with no page at all.
 */
export const p8: Benchmark = {
  id: 'P8',
  name: `join a ${NOTES}-note board from the join form in headless Chromium`,
  budgetMs: { quick: 90_000, full: 180_000 },
  async run(opts) {
    const client = await ensureClientBuilt(opts.log);
    if (!client.ok) return [missing('P8', NAME, 'ms', GOAL, `the client did not build: ${client.error}`)];
    let server: BoardServer | null = null;
    try {
      server = await startBoardServer();
      const seed = await seedBoard(server, NOTES);
      const browser = await launchBrowser();
      const rounds = opts.quick ? 5 : 11;
      // Not counted: the server's join path and the OS file cache warm up.
      await joinFromForm(browser, server, seed, 0);
      await nodeJoin(server, seed, 0);
      const page: Join[] = [];
      const floor: number[] = [];
      for (let r = 1; r <= rounds; r++) {
        page.push(await joinFromForm(browser, server, seed, r));
        floor.push(await nodeJoin(server, seed, r));
        const j = page.at(-1)!;
        opts.log(`  P8 round ${r}/${rounds}: submit → drawn ${fmtMs(j.frameAt - j.submitAt)} ms (${phases(j)}; form shown at ${fmtMs(j.formAt)} ms), node join ${fmtMs(floor.at(-1)!)} ms`);
      }
      await closeAllBrowsers();
      const waits = page.map((j) => j.frameAt - j.submitAt);
      return [
        row({
          id: 'P8',
          name: NAME,
          value: median(waits),
          unit: 'ms',
          baseline: median(floor),
          goal: GOAL,
          note:
            `median of ${rounds} fresh profiles at 1280×800, range ${spread(waits, 0)} ms, best ${fmtMs(best(waits))} ms; ` +
            `phases after the submit (median ms): ${medianPhases(page)}; ` +
            `the form itself was on screen ${spread(page.map((j) => j.formAt), 0)} ms after navigation; ` +
            `baseline: the same join (connect, join, answer with the board) from Node over a raw WebSocket, ${spread(floor, 1)} ms`,
        }),
      ];
    } catch (e) {
      return [missing('P8', NAME, 'ms', GOAL, `failed: ${(e as Error).message}`)];
    } finally {
      await closeAllBrowsers();
      await server?.close();
    }
  },
};

const PHASES = ['live', 'joinAnswer', 'state', 'firstNotesDraw'] as const;
const since = (j: Join, m: string) => (j.marks[m] === undefined ? NaN : j.marks[m]! - j.submitAt);
const phases = (j: Join) => PHASES.map((m) => `${m} +${fmtMs(since(j, m))}`).join(', ');
const medianPhases = (js: Join[]) => PHASES.map((m) => `${m} +${fmtMs(median(js.map((j) => since(j, m))))}`).join(', ');

/** One first-time participant: open the link, wait for the form, type a name, submit, wait for the board drawn. */
async function joinFromForm(browser: Browser, server: BoardServer, seed: SeededBoard, round: number): Promise<Join> {
  const { context, page, errors } = await freshPage(browser, [`window.__bench = { expect: ${seed.noteIds.length} };`, pageScript('probe.js')]);
  try {
    await page.goto(`${server.url}/b/${seed.boardId}`);
    const name = page.getByTestId('join-name');
    await name.waitFor();
    const formAt = (await page.evaluate('performance.now()')) as number;
    await name.fill(`参加者 ${round}`);
    await page.getByTestId('join-affiliation').selectOption('npo');
    // The time is taken in the same task as the click, so nothing of the test driver is counted.
    await page.evaluate(`window.__bench.submitAt = performance.now(); document.querySelector('[data-testid="join-submit"]').click();`);
    await waitForFrame(page, errors);
    const got = (await page.evaluate('({ submitAt: __bench.submitAt, frameAt: __bench.frameAt, marks: __bench.marks })')) as Omit<Join, 'formAt'>;
    return { ...got, formAt };
  } finally {
    await context.close();
  }
}

/** The network-and-server floor: connect and join as a new participant, until the answer with the board. */
async function nodeJoin(server: BoardServer, seed: SeededBoard, round: number): Promise<number> {
  const t0 = performance.now();
  const joined = await joinAs(server.port, seed.boardId, `ノード ${round}`, 'npo');
  const ms = performance.now() - t0;
  joined.client.close();
  return ms;
}
