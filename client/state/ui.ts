import type { MessageKey } from '../i18n/ja';
import { Store } from './store';
import { DEFAULT_ROUND, type RoundSettings } from './phases';

export type Toast = { id: number; key: MessageKey; vars?: Record<string, string | number> };

const TOAST_MS = 5000;
const MAX_TOASTS = 4;

/** What one person is doing on their own screen: never sent, never part of the board. */
export class BoardUi {
  readonly selection = new Store<ReadonlySet<string>>(new Set());
  /** The note whose canvas editor is open. */
  readonly editing = new Store<string | null>(null);
  readonly toasts = new Store<readonly Toast[]>([]);
  /** Move with the facilitator's focus (on unless the person turned it off). */
  readonly follow = new Store<boolean>(true);
  /** The results panel: opened when a round ends, closed by the person. */
  readonly resultsOpen = new Store<boolean>(false);
  /** The last "bring everybody here" this screen sent: it already shows that place. */
  readonly sentFocus = new Store<{ x: number; y: number; zoom: number } | null>(null);
  /** The facilitator's choices for the next round (budget, hidden, timer), shared by the phase bar and the panel. */
  readonly round = new Store<RoundSettings>(DEFAULT_ROUND);
  /** Notes drawn in their author's affiliation colour instead of their own (a view only; nothing is sent). */
  readonly affiliationColors = new Store<boolean>(false);
  private nextToast = 1;

  select(ids: Iterable<string>): void {
    const next = new Set(ids);
    const cur = this.selection.get();
    if (next.size === cur.size && [...next].every((id) => cur.has(id))) return;
    this.selection.set(next);
  }

  toggle(id: string): void {
    const next = new Set(this.selection.get());
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.selection.set(next);
  }

  clearSelection(): void {
    if (this.selection.get().size) this.selection.set(new Set());
  }

  /** The same message twice in a row shows once: a burst of refusals is one problem. */
  toast(key: MessageKey, vars?: Record<string, string | number>): void {
    const cur = this.toasts.get();
    if (cur.some((t) => t.key === key)) return;
    const toast: Toast = { id: this.nextToast++, key, ...(vars ? { vars } : {}) };
    this.toasts.set([...cur, toast].slice(-MAX_TOASTS));
    setTimeout(() => this.dismiss(toast.id), TOAST_MS);
  }

  dismiss(id: number): void {
    const cur = this.toasts.get();
    if (cur.some((t) => t.id === id)) this.toasts.set(cur.filter((t) => t.id !== id));
  }
}
