import { useSyncExternalStore } from 'react';

// A phone or tablet: the primary pointer is a finger. A laptop with a touch screen still has a
// mouse or trackpad as its primary pointer, so it keeps the keyboard hints.
const query = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(pointer: coarse)') : null;

export function isCoarsePointer(): boolean {
  return query?.matches ?? false;
}

const subscribe = (listener: () => void) => {
  query?.addEventListener('change', listener);
  return () => query?.removeEventListener('change', listener);
};

export function useCoarsePointer(): boolean {
  return useSyncExternalStore(subscribe, isCoarsePointer);
}
