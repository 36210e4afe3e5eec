import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/limits.js';
import type { Board } from '../../shared/model.js';
import type { Op } from '../../shared/ops.js';
import { ALICE, FAC, accept, makeBoard, mk, note, refuse, section } from './fixtures.js';

// Notes: n-in sits inside x 0..1000 (centre 200,170); n-out far to the right (centre 5200,170).
const board = (init: Parameters<typeof makeBoard>[0] = {}): Board =>
  makeBoard({
    notes: [note('n-in', 'alice', { x: 100, y: 100 }), note('n-out', 'bob', { x: 5100, y: 100 })],
    ...init,
  });
const withTopic = () =>
  board({
    sections: [section('topic', { x: 0, y: 0, width: 1000, height: 1000, en: { title: 'Goal', prompt: 'What for?' } })],
    notes: [note('n-in', 'alice', { x: 100, y: 100, sectionId: 'topic' }), note('n-out', 'bob', { x: 5100, y: 100 })],
  });

describe('section.add', () => {
  it('[R5] a section is added with defaults and takes the notes under it', () => {
    const b = board();
    const next = accept(b, mk('section.add', { section: { id: 'goal', title: '共通の目的', x: 0, y: 0, width: 1000, height: 1000 } }), FAC);
    expect(next.sections.goal).toStrictEqual({ id: 'goal', title: '共通の目的', prompt: '', x: 0, y: 0, width: 1000, height: 1000, color: '#f5f5f5' });
    expect(next.notes['n-in']!.sectionId).toBe('goal');
    expect(next.notes['n-out']).toBe(b.notes['n-out']);
  });

  it('[R5] prompt, colour and English texts from the op are kept', () => {
    const next = accept(
      board(),
      mk('section.add', {
        section: { id: 'roles', title: '役割', prompt: '誰が何を?', x: 0, y: 0, width: 400, height: 400, color: '#ffcc80', en: { title: 'Roles', prompt: 'Who does what?' } },
      }),
      FAC,
    );
    expect(next.sections.roles).toMatchObject({ prompt: '誰が何を?', color: '#ffcc80', en: { title: 'Roles', prompt: 'Who does what?' } });
  });

  it('[R5] a section added over one that already holds a note takes that note (topmost wins)', () => {
    const next = accept(withTopic(), mk('section.add', { section: { id: 'inner', title: 'inner', x: 0, y: 0, width: 500, height: 500 } }), FAC);
    expect(next.notes['n-in']!.sectionId).toBe('inner');
  });

  it('[R2] a duplicate section id is refused with conflict', () => {
    expect(refuse(withTopic(), mk('section.add', { section: { id: 'topic', title: 'again', x: 0, y: 0, width: 100, height: 100 } }), FAC)).toBe('conflict');
  });

  it('[R3] the section after the last allowed one is refused with limit', () => {
    const sections = Array.from({ length: LIMITS.sectionsPerBoard }, (_, i) => section(`s${i}`, { x: 10_000 + i * 100, width: 50, height: 50 }));
    const full = board({ sections });
    expect(refuse(full, mk('section.add', { section: { id: 'one-more', title: 'x', x: 0, y: 0, width: 100, height: 100 } }), FAC)).toBe('limit');
  });
});

describe('section.update', () => {
  it('[R5] moving a section over notes puts them in it', () => {
    const b = withTopic();
    const next = accept(b, mk('section.update', { id: 'topic', patch: { x: 5000 } }), FAC);
    expect(next.notes['n-in']!.sectionId).toBeNull();
    expect(next.notes['n-out']!.sectionId).toBe('topic');
  });

  it('[R5] shrinking a section lets go of the notes that fall outside', () => {
    const next = accept(withTopic(), mk('section.update', { id: 'topic', patch: { width: 100, height: 100 } }), FAC);
    expect(next.notes['n-in']!.sectionId).toBeNull();
  });

  it('[R5] notes whose section did not change keep their identity', () => {
    const b = withTopic();
    const next = accept(b, mk('section.update', { id: 'topic', patch: { color: '#e0e0e0' } }), FAC);
    expect(next.notes).toBe(b.notes);
  });

  it('a new title drops the template’s English texts', () => {
    const next = accept(withTopic(), mk('section.update', { id: 'topic', patch: { title: '新しい題' } }), FAC);
    expect(next.sections.topic!.title).toBe('新しい題');
    expect(next.sections.topic).not.toHaveProperty('en');
  });

  it('a colour change keeps the English texts', () => {
    const next = accept(withTopic(), mk('section.update', { id: 'topic', patch: { color: '#e0e0e0' } }), FAC);
    expect(next.sections.topic!.en).toStrictEqual({ title: 'Goal', prompt: 'What for?' });
  });

  it('[R1] a patch equal to the section returns the same board object', () => {
    const b = withTopic();
    const s = b.sections.topic!;
    expect(accept(b, mk('section.update', { id: 'topic', patch: { title: s.title, x: s.x, width: s.width } }), FAC)).toBe(b);
  });

  it('[R4] an unknown section id is refused with not_found', () => {
    expect(refuse(withTopic(), mk('section.update', { id: 'nope', patch: { title: 'x' } }), FAC)).toBe('not_found');
  });
});

describe('section.delete', () => {
  it('[R5] deleting a section sets its notes’ sectionId to null', () => {
    const next = accept(withTopic(), mk('section.delete', { id: 'topic' }), FAC);
    expect(next.sections).toStrictEqual({});
    expect(next.notes['n-in']!.sectionId).toBeNull();
  });

  it('[R5] deleting the top one of two overlapping sections hands its notes to the one below', () => {
    const b = board({
      sections: [section('under', { width: 1000, height: 1000 }), section('over', { width: 500, height: 500 })],
      notes: [note('n-in', 'alice', { x: 100, y: 100, sectionId: 'over' })],
    });
    expect(accept(b, mk('section.delete', { id: 'over' }), FAC).notes['n-in']!.sectionId).toBe('under');
  });

  it('deleting the focused section clears the focus', () => {
    const b = board({ sections: [section('topic')], focus: { sectionId: 'topic', at: 1 } });
    expect(accept(b, mk('section.delete', { id: 'topic' }), FAC).focus).toBeNull();
  });

  it('deleting another section keeps the focus', () => {
    const b = board({ sections: [section('topic'), section('other')], focus: { sectionId: 'topic', at: 1 } });
    expect(accept(b, mk('section.delete', { id: 'other' }), FAC).focus).toBe(b.focus);
  });

  it('[R4] an unknown section id is refused with not_found', () => {
    expect(refuse(withTopic(), mk('section.delete', { id: 'nope' }), FAC)).toBe('not_found');
  });
});

describe('[O5] section ops are facilitator-only', () => {
  const ops: [string, Op][] = [
    ['section.add', mk('section.add', { section: { id: 'mine', title: 'x', x: 0, y: 0, width: 100, height: 100 } })],
    ['section.update', mk('section.update', { id: 'topic', patch: { title: 'x' } })],
    ['section.delete', mk('section.delete', { id: 'topic' })],
  ];
  it.each(ops)('%s from a participant is refused with forbidden', (_name, op) => {
    expect(refuse(withTopic(), op, ALICE)).toBe('forbidden');
  });
  it.each(ops)('%s from a participant on a locked board is forbidden, not locked', (_name, op) => {
    const b = withTopic();
    expect(refuse({ ...b, settings: { ...b.settings, locked: true } }, op, ALICE)).toBe('forbidden');
  });
  it.each(ops)('%s from the facilitator on a locked board is accepted', (_name, op) => {
    const b = withTopic();
    accept({ ...b, settings: { ...b.settings, locked: true } }, op, FAC);
  });
});
