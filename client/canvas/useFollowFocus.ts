import { useEffect, useRef } from 'react';
import type { Focus } from '../../shared/model';
import type { BoardSource } from '../state/source';
import type { ReadStore } from '../state/store';
import type { Camera } from './camera';
import { sameFocus, viewForFocus } from './focus';

type Options = {
  source: BoardSource;
  camera: Camera;
  /** Off: the person looks around on their own; turning it on again goes to the latest focus. */
  follow: ReadStore<boolean>;
  /** A focus this screen sent itself from its own view, which it is already showing. */
  sentHere?: ReadStore<{ x: number; y: number; zoom: number } | null>;
  onFollowed?: () => void;
};

/**
 * Moves this screen to where the facilitator points. The focus found on the board when it first
 * arrives is not followed: the first sight of a board is all of it.
 */
export function useFollowFocus({ source, camera, follow, sentHere, onFollowed }: Options): void {
  // The callback may change every render; the subscription should not.
  const followed = useRef(onFollowed);
  followed.current = onFollowed;
  useEffect(() => {
    let seen = false;
    let latest: Focus | null = null;
    const go = (focus: Focus) => {
      const board = source.board.get();
      const target = board && viewForFocus(focus, board, camera);
      if (!target) return;
      camera.animateTo(target);
      followed.current?.();
    };
    const onBoard = () => {
      const board = source.board.get();
      if (!board) return;
      const focus = board.focus;
      if (!seen) {
        seen = true;
        latest = focus;
        return;
      }
      if (sameFocus(focus, latest)) return;
      latest = focus;
      if (!focus || !follow.get()) return;
      const mine = sentHere?.get();
      if (mine && 'x' in focus && 'x' in mine && focus.x === mine.x && focus.y === mine.y && focus.zoom === mine.zoom) return;
      go(focus);
    };
    const onFollow = () => {
      if (follow.get() && latest) go(latest);
    };
    onBoard();
    const offBoard = source.board.subscribe(onBoard);
    const offFollow = follow.subscribe(onFollow);
    return () => {
      offBoard();
      offFollow();
    };
  }, [source, camera, follow, sentHere]);
}
