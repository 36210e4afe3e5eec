import { describe, expect, it } from 'vitest';
import { en } from '../../../client/i18n/en.js';
import { ja } from '../../../client/i18n/ja.js';
import { translate } from '../../../client/i18n/index.js';
import { formatMessage } from '../../../client/i18n/format.js';

describe('[M5] plural strings', () => {
  it.each([
    [0, '0 votes'],
    [1, '1 vote'],
    [2, '2 votes'],
    [21, '21 votes'],
  ])('English says %i as "%s"', (n, said) => {
    expect(translate('en', 'vote.votes', { n })).toBe(said);
  });

  it('every English count of notes, votes, people and sections agrees with its number', () => {
    expect(translate('en', 'list.count', { n: 1 })).toBe('1 note');
    expect(translate('en', 'vote.leftOf', { n: 0, budget: 1 })).toBe('0 of 1 vote left');
    expect(translate('en', 'vote.leftOf', { n: 2, budget: 3 })).toBe('2 of 3 votes left');
    expect(translate('en', 'vote.progress', { done: 1, online: 1 })).toBe('1 of 1 has voted');
    expect(translate('en', 'present.online', { n: 1 })).toBe('1 person here');
    expect(translate('en', 'resultsPage.counts', { people: 1, notes: 3 })).toBe('1 person · 3 notes');
    expect(translate('en', 'resultsPage.privateOn', { n: 1 })).toBe('Private writing is on: 1 note is not shown yet.');
    expect(translate('en', 'conn.pendingNotes', { n: 1 })).toBe(' (1 note waiting)');
    expect(translate('en', 'tpl.sections', { n: 1 })).toBe('1 section');
  });

  it('no English message puts a bare number before a plural noun', () => {
    const bare = Object.entries(en).filter(([, text]) => /\{\w+\} (votes|notes|people|sections|example notes|facilitator notes)\b/.test(text));
    expect(bare).toEqual([]);
  });

  it('Japanese has one form and keeps its counters', () => {
    expect(translate('ja', 'vote.votes', { n: 1 })).toBe('1 票');
    expect(translate('ja', 'conn.pendingNotes', { n: 1 })).toBe('（未送信のふせん 1 枚）');
    // No Japanese message needs the plural syntax.
    expect(Object.values(ja).filter((text) => text.includes(', plural,'))).toEqual([]);
  });

  it('a plural whose value is missing or not a number is left as written, other placeholders still filled', () => {
    const text = '{n, plural, one {# vote} other {# votes}} by {name}';
    expect(formatMessage('en', text, { name: 'A' })).toBe('{n, plural, one {# vote} other {# votes}} by A');
    expect(formatMessage('en', text, { n: 'x', name: 'A' })).toBe('{n, plural, one {# vote} other {# votes}} by A');
    expect(formatMessage('en', '{n, plural, =0 {none} one {# vote} other {# votes}}', { n: 0 })).toBe('none');
  });
});
