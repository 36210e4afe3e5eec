// The baseline of P4 and P5: the same board drawn with plain Canvas 2D, no React, no Konva, no
// socket.io. It loads the same JSON the real server sends a joining participant (/board.json),
// fits the whole board into the canvas as the client's first view does (client/canvas/camera.ts
// fitView, padding 48), and draws every note as client/canvas/NoteNode.tsx does: a rounded
// rectangle in the note's colour with a thin border; below the client's detail zoom (0.3) that is
// all, above it a shadow, the text wrapped by character with an ellipsis, and the author's name.
//
// Query: ?mode=join|drag  &w=&h= (canvas size in CSS pixels, the client's stage size)
//        &text=lod (as the client: no text below 0.3) | always (text at every zoom)
//
// join: draws once, in an animation frame, as soon as the JSON is parsed; __bench.frameAt is
//       the start of the next frame (the same definition as probe.js for the client).
// drag: redraws every note in every animation frame; a pressed note follows the mouse, its
//       position sent every 80 ms to /relay as the client's live moves are; note.move entries
//       arriving from /relay (the same JSON the server broadcasts) move other notes.
// Plain JS, no build step.
(function () {
  'use strict';
  var q = new URLSearchParams(location.search);
  var mode = q.get('mode') || 'join';
  var W = Number(q.get('w')) || innerWidth;
  var H = Number(q.get('h')) || innerHeight;
  var textAlways = q.get('text') === 'always';
  var DETAIL_SCALE = 0.3;
  var FONT = '"Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic", Meiryo, sans-serif';
  var TEXT = { size: 16, lineHeight: 1.4, padding: 12, color: '#1f2328' };
  var FOOTER = { height: 22, size: 11, color: '#57606a' };

  var bench = (window.__bench = window.__bench || {});
  bench.marks = {};
  var dpr = window.devicePixelRatio || 1;
  var canvas = document.getElementById('board');
  canvas.width = Math.round(W * dpr);
  canvas.height = Math.round(H * dpr);
  canvas.style.width = W + 'px';
  canvas.style.height = H + 'px';
  var ctx = canvas.getContext('2d');

  var notes = [];
  var byId = new Map();
  var view = { x: 0, y: 0, scale: 1 };
  var lines = new Map(); // note id + text → wrapped lines (the client's Text node keeps its layout too)

  function fit() {
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (var i = 0; i < notes.length; i++) {
      var n = notes[i];
      if (n.x < minX) minX = n.x;
      if (n.y < minY) minY = n.y;
      if (n.x + n.width > maxX) maxX = n.x + n.width;
      if (n.y + n.height > maxY) maxY = n.y + n.height;
    }
    var pad = Math.min(48, W / 8, H / 8);
    var rw = Math.max(maxX - minX, 1), rh = Math.max(maxY - minY, 1);
    var s = Math.min((W - pad * 2) / rw, (H - pad * 2) / rh, 1);
    s = Math.min(4, Math.max(0.05, s));
    view = { x: W / 2 - (minX + rw / 2) * s, y: H / 2 - (minY + rh / 2) * s, scale: s };
  }

  function wrap(n) {
    var key = n.id + '\u0000' + n.text;
    var cached = lines.get(key);
    if (cached) return cached;
    ctx.font = TEXT.size + 'px ' + FONT;
    var maxW = n.width - TEXT.padding * 2;
    var maxLines = Math.max(1, Math.floor((n.height - FOOTER.height + TEXT.padding / 2 - TEXT.padding * 2) / (TEXT.size * TEXT.lineHeight)));
    var out = [];
    var line = '';
    var chars = Array.from(n.text);
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      if (c === '\n' || ctx.measureText(line + c).width > maxW) {
        out.push(line);
        line = c === '\n' ? '' : c;
        if (out.length === maxLines) break;
      } else line += c;
    }
    if (out.length < maxLines && line) out.push(line);
    else if (out.length === maxLines && (line || i < chars.length)) {
      var last = out[maxLines - 1];
      while (last && ctx.measureText(last + '…').width > maxW) last = last.slice(0, -1);
      out[maxLines - 1] = last + '…';
    }
    lines.set(key, out);
    return out;
  }

  function roundRect(x, y, w, h, r) {
    ctx.beginPath();
    ctx.moveTo(x + r, y);
    ctx.lineTo(x + w - r, y);
    ctx.arc(x + w - r, y + r, r, Math.PI * 1.5, 0, false);
    ctx.lineTo(x + w, y + h - r);
    ctx.arc(x + w - r, y + h - r, r, 0, Math.PI / 2, false);
    ctx.lineTo(x + r, y + h);
    ctx.arc(x + r, y + h - r, r, Math.PI / 2, Math.PI, false);
    ctx.lineTo(x, y + r);
    ctx.arc(x + r, y + r, r, Math.PI, Math.PI * 1.5, false);
    ctx.closePath();
  }

  function drawAll() {
    var s = view.scale;
    var detail = s >= DETAIL_SCALE;
    var text = detail || textAlways;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    ctx.setTransform(dpr * s, 0, 0, dpr * s, dpr * view.x, dpr * view.y);
    ctx.lineWidth = 1;
    ctx.strokeStyle = 'rgba(0, 0, 0, 0.14)';
    for (var i = 0; i < notes.length; i++) {
      var n = notes[i];
      if (detail) {
        ctx.shadowColor = 'rgba(0, 0, 0, 0.12)';
        ctx.shadowBlur = 4 * s * dpr;
        ctx.shadowOffsetY = 2 * s * dpr;
      }
      roundRect(n.x, n.y, n.width, n.height, 6);
      ctx.fillStyle = n.color;
      ctx.fill();
      if (detail) {
        ctx.shadowColor = 'transparent';
        ctx.shadowBlur = 0;
        ctx.shadowOffsetY = 0;
      }
      ctx.stroke();
      if (!text) continue;
      var ls = wrap(n);
      ctx.fillStyle = TEXT.color;
      ctx.font = TEXT.size + 'px ' + FONT;
      ctx.textBaseline = 'middle';
      var lh = TEXT.size * TEXT.lineHeight;
      for (var k = 0; k < ls.length; k++) ctx.fillText(ls[k], n.x + TEXT.padding, n.y + TEXT.padding + lh * k + lh / 2);
      if (n.authorName) {
        ctx.fillStyle = FOOTER.color;
        ctx.font = FOOTER.size + 'px ' + FONT;
        ctx.fillText(n.authorName, n.x + TEXT.padding, n.y + n.height - FOOTER.height + (FOOTER.height - 4) / 2);
      }
    }
  }

  function mark(name) {
    if (bench.marks[name] === undefined) bench.marks[name] = performance.now();
  }

  // The same definition as probe.js: the start of the frame after the one the notes were drawn in.
  function firstDraw() {
    drawAll();
    bench.drawnAt = performance.now();
    bench.drawnNotes = notes.length;
    requestAnimationFrame(function () {
      bench.frameAt = performance.now();
    });
  }

  // ── dragging and remote updates (mode=drag) ────────────────────────────────
  var drag = null;
  var relay = null;
  var lastSent = 0;
  bench.received = 0;

  function toBoard(e) {
    var r = canvas.getBoundingClientRect();
    return { x: (e.clientX - r.left - view.x) / view.scale, y: (e.clientY - r.top - view.y) / view.scale };
  }

  function noteAtPoint(p) {
    for (var i = notes.length - 1; i >= 0; i--) {
      var n = notes[i];
      if (p.x >= n.x && p.x <= n.x + n.width && p.y >= n.y && p.y <= n.y + n.height) return n;
    }
    return null;
  }

  function sendMove(n) {
    if (!relay || relay.readyState !== 1) return;
    relay.send(JSON.stringify({ type: 'note.move', moves: [{ id: n.id, x: Math.round(n.x), y: Math.round(n.y) }] }));
  }

  function startDrag() {
    canvas.addEventListener('mousedown', function (e) {
      var p = toBoard(e);
      var n = noteAtPoint(p);
      if (!n) return;
      // The dragged note goes on top, as Konva's drag does.
      notes.splice(notes.indexOf(n), 1);
      notes.push(n);
      drag = { note: n, dx: p.x - n.x, dy: p.y - n.y };
    });
    window.addEventListener('mousemove', function (e) {
      if (!drag) return;
      var p = toBoard(e);
      drag.note.x = p.x - drag.dx;
      drag.note.y = p.y - drag.dy;
      var now = performance.now();
      if (now - lastSent >= 80) {
        lastSent = now;
        sendMove(drag.note);
      }
    });
    window.addEventListener('mouseup', function () {
      if (!drag) return;
      sendMove(drag.note);
      bench.dropped = { id: drag.note.id, x: Math.round(drag.note.x), y: Math.round(drag.note.y) };
      drag = null;
    });
    relay = new WebSocket('ws://' + location.host + '/relay');
    relay.onopen = function () {
      mark('relay');
    };
    relay.onmessage = function (e) {
      var entry = JSON.parse(e.data);
      var op = entry.op;
      if (!op || op.type !== 'note.move') return;
      bench.received++;
      for (var i = 0; i < op.moves.length; i++) {
        var m = op.moves[i];
        var n = byId.get(m.id);
        if (!n || (drag && drag.note === n)) continue;
        n.x = m.x;
        n.y = m.y;
      }
    };
    var loop = function () {
      drawAll();
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  }

  bench.noteScreenRect = function (id) {
    var n = byId.get(id);
    if (!n) return null;
    var r = canvas.getBoundingClientRect();
    return { x: r.left + view.x + n.x * view.scale, y: r.top + view.y + n.y * view.scale, width: n.width * view.scale, height: n.height * view.scale };
  };

  mark('script');
  fetch('/board.json')
    .then(function (res) {
      return res.text();
    })
    .then(function (body) {
      mark('fetched');
      var ack = JSON.parse(body)[0];
      notes = ack.board.notes;
      for (var i = 0; i < notes.length; i++) byId.set(notes[i].id, notes[i]);
      mark('state');
      fit();
      requestAnimationFrame(function () {
        firstDraw();
        if (mode === 'drag') startDrag();
      });
    });
})();
