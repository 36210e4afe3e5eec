import { memo } from 'react';
import { Group, Rect, Text } from './konva';
import type { Section } from '../../shared/model';
import { useLang } from '../i18n';
import { sectionHeader } from './sectionText';
import { FONT_FAMILY, SECTION_STYLE } from './theme';

/** A titled frame; notes whose centre is inside belong to it (the reducer decides that, not this). */
export const SectionNode = memo(function SectionNode({ section }: { section: Section }) {
  const lang = useLang();
  const words = lang === 'en' && section.en ? section.en : section;
  const { padding } = SECTION_STYLE;
  const header = sectionHeader(words.title, words.prompt ?? '', section.width);
  return (
    <Group x={section.x} y={section.y} listening={false} name="section">
      <Rect width={section.width} height={section.height} fill={section.color} stroke={SECTION_STYLE.border} strokeWidth={2} cornerRadius={12} perfectDrawEnabled={false} />
      <Text
        name="section-title"
        text={header.title}
        x={padding}
        y={header.titleY}
        fontSize={SECTION_STYLE.titleSize}
        lineHeight={SECTION_STYLE.lineHeight}
        fontStyle="bold"
        fontFamily={FONT_FAMILY}
        fill={SECTION_STYLE.title}
        wrap="none"
      />
      {header.prompt ? (
        <Text
          name="section-prompt"
          text={header.prompt}
          x={padding}
          y={header.promptY}
          fontSize={SECTION_STYLE.promptSize}
          lineHeight={SECTION_STYLE.lineHeight}
          fontFamily={FONT_FAMILY}
          fill={SECTION_STYLE.prompt}
          wrap="none"
        />
      ) : null}
    </Group>
  );
});
