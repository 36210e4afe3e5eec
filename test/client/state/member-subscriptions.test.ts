import { describe, expect, it } from 'vitest';
import { Store } from '../../../client/state/store.js';
import { memberSubscriptions } from '../../../client/state/noteStore.js';

// Each note on the canvas listens to whether it is selected. A new selection must tell the notes
// that joined or left it, and no other.

describe('selection membership', () => {
  it('tells only the ids that joined or left the set', () => {
    const sel = new Store<ReadonlySet<string>>(new Set(['a']));
    const subs = memberSubscriptions(sel);
    const heard: string[] = [];
    const off = ['a', 'b', 'c'].map((id) => subs.member(id, () => heard.push(id)));
    sel.set(new Set(['b']));
    expect(heard.sort()).toEqual(['a', 'b']);
    heard.length = 0;
    sel.set(new Set(['b']));
    sel.set(new Set(['b', 'c']));
    expect(heard).toEqual(['c']);
    heard.length = 0;
    off.forEach((f) => f());
    sel.set(new Set());
    expect(heard).toEqual([]);
  });

  it('after everyone left, a new listener starts from the selection as it is then', () => {
    const sel = new Store<ReadonlySet<string>>(new Set());
    const subs = memberSubscriptions(sel);
    subs.member('a', () => {})();
    sel.set(new Set(['a']));
    const heard: string[] = [];
    subs.member('a', () => heard.push('a'));
    sel.set(new Set(['a', 'b']));
    expect(heard).toEqual([]);
    sel.set(new Set(['b']));
    expect(heard).toEqual(['a']);
  });
});
