import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AFFILIATIONS } from '../../shared/model.js';
import { TEMPLATES, templateById } from '../../shared/templates/index.js';
import { Template, templateInfo, type TemplateSection } from '../../shared/templates/schema.js';
import { JAPANESE, luminance, noteCapacity, overlappingPairs } from './templates.fixtures.js';

const DIR = path.resolve(import.meta.dirname, '../../shared/templates');
const NOT_TEMPLATES = new Set(['index.ts', 'schema.ts', 'types.ts']);
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !NOT_TEMPLATES.has(f));
const IDS = ['blank', 'same-table', 'seven-rules', 'partnership-promises', 'kpt', 'forms-of-collaboration'];

const titles = (id: string) => templateById(id)!.sections.map((s) => s.title);
const withSections = TEMPLATES.filter((t) => t.sections.length > 0).map((t) => [t.id, t] as const);

describe('template files', () => {
  it.each(FILES)('[T2] %s holds exactly one template, named like the file, that parses with the schema', async (file) => {
    const mod = (await import(path.join(DIR, file))) as Record<string, unknown>;
    const values = Object.values(mod);
    expect(values).toHaveLength(1);
    const parsed = Template.parse(values[0]);
    expect(parsed.id).toBe(file.replace(/\.ts$/, ''));
    expect(parsed).toStrictEqual(values[0]);
    expect(TEMPLATES).toContain(values[0]);
  });

  it('[T2] the built-in ids are as listed, in the order the home page offers them, one file each', () => {
    expect(TEMPLATES.map((t) => t.id)).toStrictEqual(IDS);
    expect(FILES.map((f) => f.replace(/\.ts$/, '')).sort()).toStrictEqual([...IDS].sort());
  });

  it.each(TEMPLATES.map((t) => [t.id, t] as const))('[T2][T4] %s is named and described in Japanese and English', (_id, t) => {
    for (const text of [t.title.ja, t.description.ja]) expect(text).toMatch(JAPANESE);
    for (const text of [t.title.en, t.description.en]) {
      expect(text.trim()).not.toBe('');
      expect(text).not.toMatch(JAPANESE);
    }
  });
});

describe('[T2] layout of the built-in templates', () => {
  it.each(withSections)('%s: no two sections overlap or touch', (_id, t) => {
    expect(overlappingPairs(t.sections)).toStrictEqual([]);
  });

  it.each(withSections)('[T4] %s: every section has a title and a prompt in Japanese, and English ones', (_id, t) => {
    for (const s of t.sections) {
      expect(s.title, s.title).toMatch(JAPANESE);
      expect(s.prompt, s.title).toMatch(JAPANESE);
      expect(s.en, s.title).toBeDefined();
      for (const text of [s.en!.title, s.en!.prompt]) {
        expect(text.trim(), s.title).not.toBe('');
        expect(text, s.title).not.toMatch(JAPANESE);
      }
    }
  });

  it.each(withSections)('%s: every section takes at least 8 notes of the default size', (_id, t) => {
    for (const s of t.sections) expect(noteCapacity(s), s.title).toBeGreaterThanOrEqual(8);
  });

  it.each(withSections)('%s: section colours are light pastels (dark text stays readable) and sit on a 20-unit grid', (_id, t) => {
    for (const s of t.sections) {
      expect(luminance(s.color), `${s.title} ${s.color}`).toBeGreaterThan(0.8);
      for (const v of [s.x, s.y, s.width, s.height]) expect(v % 20, s.title).toBe(0);
    }
  });

  it.each(withSections)('%s: the layout starts at the origin, so "fit all" and previews agree', (_id, t) => {
    expect(Math.min(...t.sections.map((s) => s.x))).toBe(0);
    expect(Math.min(...t.sections.map((s) => s.y))).toBe(0);
  });

  it('blank has no sections', () => {
    expect(templateById('blank')!.sections).toStrictEqual([]);
  });
});

describe('[T2] what each built-in template lays out', () => {
  it('same-table: the shared goal, one role column per affiliation at the table, outcomes and next steps', () => {
    expect(titles('same-table')).toStrictEqual([
      '共通の目的',
      '市民の役割',
      '市民活動団体・NPOの役割',
      '地縁組織の役割',
      '企業の役割',
      '行政の役割',
      '期待する成果',
      '次のステップ',
    ]);
    const roles = templateById('same-table')!.sections.slice(1, 6);
    // One column each, side by side, all the same size.
    expect(new Set(roles.map((s) => `${s.y}:${s.width}:${s.height}`)).size).toBe(1);
    expect(roles.map((s) => s.x)).toStrictEqual([...roles.map((s) => s.x)].sort((a, b) => a - b));
    for (const s of roles) expect(s.prompt).toMatch(/^参加する主体と役割/);
    expect(AFFILIATIONS.slice(0, 5)).toStrictEqual(['citizen', 'npo', 'community', 'company', 'government']);
  });

  it('seven-rules: one section per ground rule, its subtitle as the prompt', () => {
    const t = templateById('seven-rules')!;
    expect(t.sections.map((s) => [s.title, s.prompt])).toStrictEqual([
      ['どちらも主役！', '対等なパートナーとして認識しよう'],
      ['目指す目的は一緒！', '目的を共有し、役割を明確にしよう'],
      ['積極的な話し合いを！', '同じテーブルにつこう'],
      ['情報はオープンに！', 'みんなに見える関係にしよう'],
      ['次のステップに向かって', '協働のふりかえりを徹底しよう'],
      ['信頼される市役所に！', '職員一人ひとりが市民感覚を磨こう'],
      ['主体的に自立した活動を！', '自主性・独自性を育てよう'],
    ]);
  });

  it('partnership-promises: the four promises', () => {
    expect(titles('partnership-promises')).toStrictEqual(['相互理解', '目的・プロセス・目標の共有', '成果の共有', '引き継ぎ']);
    const prompts = templateById('partnership-promises')!.sections.map((s) => s.prompt);
    expect(prompts[0]).toMatch(/^コミュニケーション/);
    expect(prompts[1]).toMatch(/^合意形成/);
    expect(prompts[3]).toMatch(/^担当者が変わっても思いを引き継ぐ/);
  });

  it('kpt: Keep, Problem, Try', () => {
    expect(templateById('kpt')!.sections.map((s) => s.en!.title)).toStrictEqual(['Keep', 'Problem', 'Try']);
  });

  it('forms-of-collaboration: every usual form of collaboration, once', () => {
    expect([...titles('forms-of-collaboration')].sort()).toStrictEqual(
      ['委託', '補助・助成', '共催', '後援', '事業協力', '実行委員会・協議会', '情報交換・情報提供'].sort(),
    );
  });
});

const SECTION: TemplateSection = { title: '目的', prompt: '何のため?', en: { title: 'Goal', prompt: 'What for?' }, x: 0, y: 0, width: 900, height: 600, color: '#e3f2fd' };
const VALID = { id: 'mine', title: { ja: '私の', en: 'Mine' }, description: { ja: '', en: '' }, sections: [SECTION] };

describe('[T2][T12] the template schema', () => {
  it.each([
    ['the least', VALID],
    ['a section without English (a custom template keeps what its board had)', { ...VALID, sections: [{ ...SECTION, en: undefined }] }],
    ['a budget, phases and example notes', { ...VALID, suggestedBudget: 3, phases: ['private', 'vote'], notes: [{ text: '例', x: 20, y: 120, color: '#fff59d' }] }],
  ])('accepts %s', (_name, raw) => {
    expect(Template.safeParse(JSON.parse(JSON.stringify(raw))).success).toBe(true);
  });

  it.each([
    ['an id with a path', { ...VALID, id: '../boards/x' }],
    ['an empty English title', { ...VALID, title: { ja: '私の', en: ' ' } }],
    ['a title in one language only', { ...VALID, title: { ja: '私の' } }],
    ['an unknown key', { ...VALID, author: 'me' }],
    ['a section colour that is not #rrggbb', { ...VALID, sections: [{ ...SECTION, color: 'red' }] }],
    ['a section with an extra key', { ...VALID, sections: [{ ...SECTION, id: 's_1' }] }],
    ['a section of NaN width', { ...VALID, sections: [{ ...SECTION, width: Number.NaN }] }],
    ['a budget of 21', { ...VALID, suggestedBudget: 21 }],
    ['an unknown phase', { ...VALID, phases: ['private', 'dance'] }],
    ['a phase twice', { ...VALID, phases: ['private', 'vote', 'private'] }],
    ['a note with an author', { ...VALID, notes: [{ text: '例', x: 0, y: 0, color: '#fff59d', authorId: 'p1' }] }],
    ['501 example notes', { ...VALID, notes: Array.from({ length: 501 }, () => ({ text: '例', x: 0, y: 0, color: '#fff59d' })) }],
  ])('refuses %s', (_name, raw) => {
    expect(Template.safeParse(raw).success).toBe(false);
  });
});

describe('[T1] what the list says about a template', () => {
  it('names it, draws its sections, counts its example notes and says whether it is custom', () => {
    const t = Template.parse({ ...VALID, suggestedBudget: 2, phases: ['private'], notes: [{ text: '例', x: 20, y: 120, color: '#fff59d' }] });
    expect(templateInfo(t, true)).toStrictEqual({
      id: 'mine',
      title: VALID.title,
      description: VALID.description,
      sections: [{ title: '目的', en: { title: 'Goal', prompt: 'What for?' }, x: 0, y: 0, width: 900, height: 600, color: '#e3f2fd' }],
      suggestedBudget: 2,
      phases: ['private'],
      notes: 1,
      custom: true,
    });
    expect(templateInfo(templateById('blank')!, false)).toStrictEqual({ ...templateInfo(templateById('blank')!, false), sections: [], notes: 0, custom: false });
    expect(templateInfo(templateById('blank')!, false)).not.toHaveProperty('phases');
  });
});
