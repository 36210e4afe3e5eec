import { breakLines } from '../../shared/linebreak';
import { measureFor } from './measure';
import { FONT_FAMILY, SECTION_STYLE } from './theme';

export type SectionHeader = { title: string; prompt: string; titleY: number; promptY: number; height: number };

const cache = new Map<string, SectionHeader>();

/** A section's title and prompt broken into lines (kinsoku) for its width, and where each goes. */
export function sectionHeader(title: string, prompt: string, width: number): SectionHeader {
  const key = `${width}|${title}|${prompt}`;
  const known = cache.get(key);
  if (known) return known;
  const { padding, titleSize, promptSize, lineHeight, gap } = SECTION_STYLE;
  const inner = Math.max(1, width - padding * 2);
  const titleLines = breakLines(title, inner / titleSize, measureFor(FONT_FAMILY, 'bold'));
  const promptLines = prompt ? breakLines(prompt, inner / promptSize, measureFor(FONT_FAMILY)) : [];
  const promptY = padding + titleLines.length * titleSize * lineHeight + gap;
  const header = {
    title: titleLines.join('\n'),
    prompt: promptLines.join('\n'),
    titleY: padding,
    promptY,
    height: promptY + promptLines.length * promptSize * lineHeight,
  };
  if (cache.size > 500) cache.clear();
  cache.set(key, header);
  return header;
}
