/** How long a flush may wait when no animation frame comes: a hidden tab gets none at all. */
export const FLUSH_FALLBACK_MS = 80;

/**
 * Runs `run` once, at the next animation frame or after `fallbackMs`, whichever comes first, however
 * often it is asked in between. Work done per frame instead of per message costs the same once per
 * frame, and a background tab (no frames; timers slowed to about one a second) still keeps up.
 */
export class FrameFlush {
  private frame: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly run: () => void,
    private readonly fallbackMs = FLUSH_FALLBACK_MS,
  ) {}

  schedule(): void {
    if (this.timer !== null) return;
    if (typeof requestAnimationFrame === 'function') this.frame = requestAnimationFrame(this.fire);
    this.timer = setTimeout(this.fire, this.fallbackMs);
  }

  cancel(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    if (this.timer !== null) clearTimeout(this.timer);
    this.frame = null;
    this.timer = null;
  }

  private readonly fire = (): void => {
    this.cancel();
    this.run();
  };
}
