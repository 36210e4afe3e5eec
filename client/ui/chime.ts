// The end-of-timer signal: two soft sine notes made on the spot, so nothing is downloaded and
// a room full of laptops sounds like a chime rather than an alarm.

let ctx: AudioContext | null = null;

export function playChime(): void {
  try {
    ctx ??= new AudioContext();
    // Browsers start audio suspended until the page has had a click; a participant has (joining).
    if (ctx.state === 'suspended') void ctx.resume();
    const start = ctx.currentTime + 0.05;
    note(ctx, 659.25, start);
    note(ctx, 880, start + 0.35);
  } catch {
    // No audio (blocked, or no device): the visual pulse still says it.
  }
}

function note(ac: AudioContext, freq: number, at: number): void {
  const osc = ac.createOscillator();
  const gain = ac.createGain();
  osc.type = 'sine';
  osc.frequency.value = freq;
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.08, at + 0.03);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.9);
  osc.connect(gain).connect(ac.destination);
  osc.start(at);
  osc.stop(at + 1);
}
