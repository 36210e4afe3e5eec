import type { Camera } from '../canvas/camera';
import { Konva } from '../canvas/konva';
import { voteButtonCentre, voteButtonScale } from '../canvas/voteButtonScale';
import type { SyncClient } from '../net/SyncClient';

export type OnajiDebug = {
  client: SyncClient;
  camera: Camera;
  /** Where a note is drawn, in page (CSS pixel) coordinates, so a test can drag it with a real mouse. */
  noteScreenRect(id: string): { x: number; y: number; width: number; height: number } | null;
  /** The centre of a note's vote button (+ or −) in page coordinates, to click it with a real mouse. */
  voteButtonPoint(id: string, kind: 'add' | 'remove'): { x: number; y: number } | null;
  /**
   * How tall text is drawn on screen, in CSS pixels (Konva's absolute scale × font size): each
   * note's text (null while it is not drawn, e.g. zoomed far out) and each section's title and prompt.
   */
  noteTextSizes(): { notes: Record<string, number | null>; sections: { title: number; prompt: number | null }[] };
  /** Resolves after the canvas has redrawn: Konva draws (and hit-tests) per animation frame, so a click right after a zoom could miss. */
  nextFrame(): Promise<void>;
};

declare global {
  interface Window {
    __onaji?: OnajiDebug;
  }
}

/** `window.__onaji`: read-only access for browser tests and for people debugging a live workshop. */
export function exposeForTests(client: SyncClient, camera: Camera): () => void {
  const api: OnajiDebug = {
    client,
    camera,
    noteScreenRect(id) {
      const note = client.state?.notes[id];
      const stage = document.querySelector('[data-testid="stage"]');
      if (!note || !stage) return null;
      const box = stage.getBoundingClientRect();
      const { x, y, scale } = camera.view.get();
      return { x: box.left + x + note.x * scale, y: box.top + y + note.y * scale, width: note.width * scale, height: note.height * scale };
    },
    voteButtonPoint(id, kind) {
      const rect = api.noteScreenRect(id);
      const note = client.state?.notes[id];
      if (!rect || !note) return null;
      const { scale } = camera.view.get();
      const c = voteButtonCentre(kind, note.width, note.height, voteButtonScale(scale));
      return { x: rect.x + c.x * scale, y: rect.y + c.y * scale };
    },
    noteTextSizes() {
      const stage = Konva.stages.find((s) => s.container().closest('[data-testid="stage"]'));
      const px = (node: Konva.Node | undefined) => (node ? node.getAbsoluteScale().y * Number(node.getAttr('fontSize')) : null);
      const notes: Record<string, number | null> = {};
      const sections: { title: number; prompt: number | null }[] = [];
      if (!stage) return { notes, sections };
      for (const n of stage.find('.note')) if (n instanceof Konva.Group) notes[n.id()] = px(n.findOne('.note-text'));
      for (const s of stage.find('.section'))
        if (s instanceof Konva.Group) sections.push({ title: px(s.findOne('.section-title')) ?? 0, prompt: px(s.findOne('.section-prompt')) });
      return { notes, sections };
    },
    nextFrame: () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  };
  window.__onaji = api;
  return () => {
    if (window.__onaji === api) delete window.__onaji;
  };
}
