import { describe, expect, it } from 'vitest';
import { atoms, breakLines, NO_LINE_END, NO_LINE_START, withEllipsis, type Measure } from '../../shared/linebreak.js';
import { fitText } from '../../shared/textFit.js';

/** Full-width characters are one unit wide, everything else half of one (close to a real Japanese font). */
const measure: Measure = (s) => [...s].reduce((w, ch) => w + (/[\u0000-\u00ff]/.test(ch) ? 0.5 : 1), 0);

const START_FORBIDDEN = [...'、。，．）」』】〉》ー・！？ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ'];
const END_FORBIDDEN = [...'（「『【〈《'];

describe('kinsoku: where a Japanese line may break', () => {
  it.each([
    // text, width in characters, lines
    ['まちの防災について話し合う', 5, ['まちの防災', 'について話', 'し合う']],
    // 。 would start line 2: the last character of line 1 goes down with it (追い出し).
    ['防災訓練です。毎年', 6, ['防災訓練で', 'す。毎年']],
    // A small kana never starts a line.
    ['あいうえおっと', 5, ['あいうえ', 'おっと']],
    ['あいうえおャ', 5, ['あいうえ', 'おャ']],
    // ー (long vowel) and ・ stay with the character before them.
    ['あいうえコーヒー', 5, ['あいうえ', 'コーヒー']],
    ['あいうえ市民・行政', 5, ['あいうえ市', '民・行政']],
    // An opening bracket never ends a line: it goes down with what it opens.
    ['あいうえ「まち」です', 5, ['あいうえ', '「まち」で', 'す']],
    ['あいう（仮）です', 4, ['あいう', '（仮）で', 'す']],
    // Closing brackets and stops in a row travel together.
    ['あいうえ」。です', 5, ['あいう', 'え」。です']],
    // Text's own line breaks are kept.
    ['一行目\n二行目', 10, ['一行目', '二行目']],
    ['', 5, ['']],
  ] as const)('%s at %i → %j', (text, width, lines) => {
    expect(breakLines(text, width, measure)).toStrictEqual(lines);
  });

  it.each(START_FORBIDDEN)('no line starts with %s', (ch) => {
    for (let width = 2; width <= 8; width++) {
      const lines = breakLines(`あいうえおかきくけこ${ch}さしすせそ${ch}たちつてと`, width, measure);
      for (const line of lines.slice(1)) expect(line[0], `${width}: ${lines.join('|')}`).not.toBe(ch);
    }
  });

  it.each(END_FORBIDDEN)('no line ends with %s', (ch) => {
    for (let width = 2; width <= 8; width++) {
      const lines = breakLines(`あいうえお${ch}かきくけこ${ch}さしすせそ`, width, measure);
      for (const line of lines) expect(line[line.length - 1], `${width}: ${lines.join('|')}`).not.toBe(ch);
    }
  });

  it('covers every character the rules list', () => {
    for (const ch of START_FORBIDDEN) expect(NO_LINE_START.has(ch), ch).toBe(true);
    for (const ch of END_FORBIDDEN) expect(NO_LINE_END.has(ch), ch).toBe(true);
  });
});

describe('Latin text and mixed lines', () => {
  it.each([
    ['Keep the park clean', 6, ['Keep the', 'park clean']],
    ['Keep the park clean', 4, ['Keep the', 'park', 'clean']],
    // A word longer than the line is cut between letters rather than spilling off the note.
    ['internationalisation', 5, ['internatio', 'nalisation']],
    ['NPOと市民', 4, ['NPOと市', '民']],
    ['市民とNPOの協働', 3, ['市民と', 'NPOの', '協働']],
  ] as const)('%s at %i → %j', (text, width, lines) => {
    expect(breakLines(text, width, measure)).toStrictEqual(lines);
  });

  it('keeps a word whole', () => {
    expect(atoms('Go 市民!')).toStrictEqual(['G' + 'o', ' ', '市', '民!']);
  });
});

describe('ellipsis', () => {
  it.each([
    ['あいうえお', 3, 'あい…'],
    ['あい「うえ', 4, 'あい…'],
    ['abc', 3, 'abc…'],
  ] as const)('%s in %i → %s', (line, width, out) => {
    expect(withEllipsis(line, width, measure)).toBe(out);
  });
});

describe('text fitted to its note', () => {
  // A note's text box (board units): 180 wide, 110 tall.
  const box = { width: 180, height: 110 };
  const opts = { min: 30, max: 48, lineHeight: 1.2 };
  const fit = (text: string, o = opts) => fitText(text, box.width, box.height, measure, o);

  it.each([
    // text, font size, lines, cut
    ['防災', 48, ['防災'], false],
    ['まちの防災マップ', 45, ['まちの防', '災マップ'], false],
    ['公園の清掃を月一回、みんなで', 30, ['公園の清掃を', '月一回、みん', 'なで'], false],
    ['地域の防災訓練に子どもから高齢者までみんなが参加できるようにしたい', 30, ['地域の防災訓', '練に子どもか', 'ら高齢者ま…'], true],
  ] as const)('%s → %i px, %j', (text, size, lines, truncated) => {
    const got = fit(text);
    expect(got).toStrictEqual({ fontSize: size, lines, truncated });
  });

  it('larger for short text, smaller for long text, never below the floor nor above the top', () => {
    const sizes = ['市', '市民の声', '市民の声を集める場所', '市民の声を集める場所を月に一度ひらく'].map((t) => fit(t).fontSize);
    expect(sizes).toStrictEqual([...sizes].sort((a, b) => b - a));
    for (const s of sizes) {
      expect(s).toBeGreaterThanOrEqual(opts.min);
      expect(s).toBeLessThanOrEqual(opts.max);
    }
  });

  it('what it returns fits the box, at every floor', () => {
    const text = '子ども食堂の運営を、地域の企業（スーパー）と一緒に考える。';
    for (const min of [12, 16, 20, 24, 30, 36]) {
      const got = fit(text, { ...opts, min, max: Math.max(min, 48) });
      expect(got.lines.length * got.fontSize * opts.lineHeight).toBeLessThanOrEqual(box.height + 1e-9);
      for (const line of got.lines) expect(measure(line) * got.fontSize).toBeLessThanOrEqual(box.width + 1e-9);
      expect(got.fontSize).toBeGreaterThanOrEqual(min);
    }
  });

  it('shows the whole text whenever it fits at the floor', () => {
    const text = '子ども食堂の運営を、地域の企業と一緒に考える';
    const got = fit(text, { ...opts, min: 16 });
    expect(got.truncated).toBe(false);
    expect(got.lines.join('')).toBe(text);
  });
});
