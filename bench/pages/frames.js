// Injected into both P5 pages (Onaji and the baseline): a requestAnimationFrame loop that asks
// for a frame at every vsync for the measured window, records when each starts, and marks the
// window with performance.mark('bench-window-start' / 'bench-window-end'), so that the Chromium
// trace of the window can say how long the main thread was busy in each frame
// (bench/lib/browser.ts framesFromTrace).
// Plain JS, no build step.
(function () {
  'use strict';
  // A page that falls behind (a backlog of socket messages) may answer `stop` late; the loop
  // ends by itself after `windowMs`, so the window is the same length for every page.
  // `sample` (optional) is read at every frame: the page's count of remote ops applied.
  var rec = { running: false, times: [], until: Infinity, sample: null, first: null, last: null, moves: 0 };
  // Pointer moves that reached the page during the window (real input: isTrusted).
  addEventListener(
    'pointermove',
    function (e) {
      if (rec.running && e.isTrusted) rec.moves++;
    },
    true,
  );
  function end() {
    rec.running = false;
    performance.mark('bench-window-end');
  }
  function loop() {
    if (!rec.running) return;
    var now = performance.now();
    rec.times.push(now);
    if (rec.sample) rec.last = rec.sample();
    if (now >= rec.until) return end();
    requestAnimationFrame(loop);
  }
  window.__benchFrames = {
    start: function (windowMs, sample) {
      rec.running = true;
      rec.times = [performance.now()];
      rec.until = rec.times[0] + (windowMs || Infinity);
      rec.sample = sample || null;
      rec.first = rec.last = sample ? sample() : null;
      rec.moves = 0;
      performance.mark('bench-window-start');
      requestAnimationFrame(loop);
    },
    /** Intervals between frames in ms (one fewer than the frames seen), and the sample at the first and the last frame. */
    stop: function () {
      if (rec.running) end();
      var deltas = [];
      for (var i = 1; i < rec.times.length; i++) deltas.push(rec.times[i] - rec.times[i - 1]);
      return { deltas: deltas, first: rec.first, last: rec.last, ms: rec.times[rec.times.length - 1] - rec.times[0], moves: rec.moves, startedAt: rec.times[0] };
    },
  };
})();
