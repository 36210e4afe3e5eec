import { breakLines, type Measure } from './linebreak.js';

/** How a section's title and prompt are set, in board units: the canvas draws them so, and placement keeps notes below them. */
export const SECTION_TEXT = { titleSize: 36, promptSize: 26, lineHeight: 1.15, gap: 6, padding: 16 } as const;

/** Room under the prompt before the first row of notes. */
const BELOW = 12;

/**
 * A width estimate in em that needs no font: full-width characters (kana, kanji, Japanese
 * punctuation) are one em, everything else about six tenths. A little generous, so that notes
 * placed under it stay clear of what the browser really draws.
 */
export const emEstimate: Measure = (text) => {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.58;
  return w;
};

type SectionWords = { width: number; title: string; prompt: string; en?: { title: string; prompt: string } | undefined };

/** How tall a section's title and prompt are, the taller of its two languages (a screen may show either). */
export function headerHeight(section: SectionWords): number {
  const { padding, titleSize, promptSize, lineHeight, gap } = SECTION_TEXT;
  const inner = Math.max(1, section.width - padding * 2);
  const height = (title: string, prompt: string) => {
    const titleLines = breakLines(title, inner / titleSize, emEstimate).length;
    const promptLines = prompt ? breakLines(prompt, inner / promptSize, emEstimate).length : 0;
    return padding + titleLines * titleSize * lineHeight + gap + promptLines * promptSize * lineHeight + BELOW;
  };
  const ja = height(section.title, section.prompt);
  return Math.ceil(section.en ? Math.max(ja, height(section.en.title, section.en.prompt)) : ja);
}
