// Injected into the Onaji board page before any of its scripts (P4, P5). Finds the first frame in
// which every note is drawn: Konva redraws a layer in a requestAnimationFrame callback
// (Layer#batchDraw), so Layer#drawScene is wrapped to notice the first draw of a layer holding
// `__bench.expect` note groups that all lie inside the stage; the frame is done when the next
// animation frame starts (the browser has then painted and handed over the drawn frame). The
// probe's own animation-frame callback is registered before any page script and re-registers
// first thing in every frame, so it always runs first in a frame: a draw later in the same frame
// is counted in that frame.
// Times are performance.now(): milliseconds since navigation start. Plain JS, no build step.
(function () {
  'use strict';
  var bench = (window.__bench = window.__bench || {});
  var expect = bench.expect || 0;
  bench.marks = {};
  var frame = 0;
  var K;
  var hooked = false;

  function mark(name) {
    if (bench.marks[name] === undefined) bench.marks[name] = performance.now();
  }

  function notesInView(layer) {
    var stage = layer.getStage();
    if (!stage) return 0;
    var w = stage.width();
    var h = stage.height();
    var sx = stage.scaleX();
    var sy = stage.scaleY();
    var ox = stage.x();
    var oy = stage.y();
    var n = 0;
    var children = layer.getChildren();
    for (var i = 0; i < children.length; i++) {
      var g = children[i];
      if (g.attrs.name !== 'note' || !g.isVisible()) continue;
      var r = g.getChildren()[0];
      if (!r) continue;
      var x0 = g.x() * sx + ox;
      var y0 = g.y() * sy + oy;
      var x1 = x0 + r.width() * sx;
      var y1 = y0 + r.height() * sy;
      if (x0 >= -1 && y0 >= -1 && x1 <= w + 1 && y1 <= h + 1) n++;
    }
    return n;
  }

  function hook(k) {
    if (hooked || !k || !k.Layer) return;
    hooked = true;
    mark('konva');
    var proto = k.Layer.prototype;
    // Every screen draw of a layer holding notes, timed: [start, ms of scene, ms of hit canvas].
    bench.draws = [];
    ['drawScene', 'drawHit'].forEach(function (name) {
      var f = proto[name];
      proto[name] = function (can) {
        if (can || this.getChildren().length < 100) return f.apply(this, arguments);
        var t = performance.now();
        var out = f.apply(this, arguments);
        var ms = performance.now() - t;
        if (bench.draws.length >= 5000) return out;
        if (name === 'drawScene') bench.draws.push([t, ms, 0]);
        else if (bench.draws.length) bench.draws[bench.draws.length - 1][2] = ms;
        return out;
      };
    });
    var drawScene = proto.drawScene;
    proto.drawScene = function (can) {
      var out = drawScene.apply(this, arguments);
      // `can` is set when Konva draws into another canvas (export, cache): not the screen.
      if (!can && bench.drawnAt === undefined) {
        var n = notesInView(this);
        if (n > 0) mark('firstNotesDraw');
        if (n >= expect) {
          bench.drawnAt = performance.now();
          bench.drawFrame = frame;
          bench.drawnNotes = n;
        }
      }
      return out;
    };
  }

  // When the join answer (the one large message holding the board) reaches the page, over the
  // WebSocket or a long-polling response: listeners added before the client's own.
  // A gzipped answer (J7) is a binary-ack header naming `boardGzip`, then the bytes: over
  // WebSocket in the next (binary) frame, over long-polling in the same response.
  function isAnswer(data) {
    return typeof data === 'string' && data.length > 10000 && data.indexOf('"board":{') >= 0;
  }
  function isGzipHeader(data) {
    return typeof data === 'string' && data.indexOf('"boardGzip":{"_placeholder":true') >= 0;
  }
  var WS = window.WebSocket;
  if (WS) {
    window.WebSocket = function (url, protocols) {
      var ws = protocols === undefined ? new WS(url) : new WS(url, protocols);
      var gzipNext = false;
      ws.addEventListener('message', function (e) {
        if (gzipNext && typeof e.data !== 'string') mark('joinAnswer');
        gzipNext = isGzipHeader(e.data);
        if (isAnswer(e.data)) mark('joinAnswer');
      });
      return ws;
    };
    window.WebSocket.prototype = WS.prototype;
    ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach(function (k) {
      window.WebSocket[k] = WS[k];
    });
  }
  // engine.io-client sets onreadystatechange between open() and send(); a listener added in
  // open() runs before it, when the whole response is in (readyState 4).
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function () {
    var xhr = this;
    xhr.addEventListener('readystatechange', function () {
      if (xhr.readyState === 4 && (xhr.responseType === '' || xhr.responseType === 'text') && (isAnswer(xhr.responseText) || isGzipHeader(xhr.responseText))) mark('joinAnswer');
    });
    return open.apply(this, arguments);
  };

  // The bundle assigns window.Konva while its modules run, then adds Layer & co. to the same
  // object; wrap once that module graph has finished.
  Object.defineProperty(window, 'Konva', {
    configurable: true,
    enumerable: false,
    get: function () {
      return K;
    },
    set: function (v) {
      K = v;
      setTimeout(function () {
        hook(v);
      }, 0);
    },
  });

  function tick() {
    frame++;
    if (bench.drawnAt !== undefined && frame > bench.drawFrame) {
      bench.frameAt = performance.now();
      return;
    }
    requestAnimationFrame(tick);
    if (!hooked && K) hook(K);
    var o = window.__onaji;
    if (o) {
      mark('live');
      if (o.client && o.client.state) mark('state');
    }
  }
  requestAnimationFrame(tick);
})();
