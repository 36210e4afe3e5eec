import { useEffect, useState } from 'react';
import { fetchTemplates, type TemplateInfo } from '../../net/api';
import { PHASES, type Phase } from '../../state/phases';

export type TemplateHints = {
  phases: readonly Phase[] | null;
  suggestedBudget: number | null;
  /** What ⑤ asks the room to look back on, in both languages. */
  reflection: { ja: string; en: string } | null;
};

let catalog: Promise<TemplateInfo[]> | null = null;
const NONE: TemplateHints = { phases: null, suggestedBudget: null, reflection: null };

const isPhase = (p: string): p is Phase => (PHASES as readonly string[]).includes(p);

/** What the board's template suggests running (its phases, its dots per person), asked once per page. */
export function useTemplateHints(templateId: string | null): TemplateHints {
  const [hints, setHints] = useState<TemplateHints>(NONE);
  useEffect(() => {
    if (!templateId) return;
    let live = true;
    catalog ??= fetchTemplates().then((r) => (r.ok ? r.value : []));
    void catalog.then((list) => {
      const tpl = list.find((x) => x.id === templateId);
      if (!live || !tpl) return;
      const budget = tpl.suggestedBudget;
      setHints({
        phases: tpl.phases ? tpl.phases.filter(isPhase) : null,
        suggestedBudget: budget && Number.isInteger(budget) && budget >= 1 && budget <= 20 ? budget : null,
        reflection: tpl.reflection ?? null,
      });
    });
    return () => {
      live = false;
    };
  }, [templateId]);
  return hints;
}
