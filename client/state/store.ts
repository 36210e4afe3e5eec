/** The smallest observable value: what `useSyncExternalStore` needs, and nothing that knows React. */
export class Store<T> {
  private value: T;
  private readonly listeners = new Set<() => void>();

  constructor(initial: T) {
    this.value = initial;
  }

  readonly get = (): T => this.value;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(next: T): void {
    if (Object.is(next, this.value)) return;
    this.value = next;
    for (const l of [...this.listeners]) l();
  }

  update(fn: (v: T) => T): void {
    this.set(fn(this.value));
  }
}

export type ReadStore<T> = Pick<Store<T>, 'get' | 'subscribe'>;
