import { memo } from 'react';
import { Group, Rect, Text } from './konva';
import type { Section } from '../../shared/model';
import { useLang } from '../i18n';
import { FONT_FAMILY, SECTION_STYLE } from './theme';

/** A titled frame; notes whose centre is inside belong to it (the reducer decides that, not this). */
export const SectionNode = memo(function SectionNode({ section }: { section: Section }) {
  const lang = useLang();
  const words = lang === 'en' && section.en ? section.en : section;
  const { padding } = SECTION_STYLE;
  return (
    <Group x={section.x} y={section.y} listening={false}>
      <Rect width={section.width} height={section.height} fill={section.color} stroke={SECTION_STYLE.border} strokeWidth={2} cornerRadius={12} perfectDrawEnabled={false} />
      <Text
        text={words.title}
        x={padding}
        y={padding}
        width={section.width - padding * 2}
        fontSize={SECTION_STYLE.titleSize}
        fontStyle="bold"
        fontFamily={FONT_FAMILY}
        fill={SECTION_STYLE.title}
        wrap="char"
      />
      {words.prompt ? (
        <Text
          text={words.prompt}
          x={padding}
          y={padding + SECTION_STYLE.titleSize + 10}
          width={section.width - padding * 2}
          fontSize={SECTION_STYLE.promptSize}
          fontFamily={FONT_FAMILY}
          fill={SECTION_STYLE.prompt}
          wrap="char"
        />
      ) : null}
    </Group>
  );
});
