// Diagnostics for P5, run in the board page before a window: where the main thread's time goes
// per confirmed entry, by timing the page's own SyncClient (client/net/SyncClient.ts) from the
// outside. It reaches into private fields, which is fine for a measurement and nothing else.
//   apply   applyEntries: the shared reducer on `confirmed` (note.move copies the notes record)
//   rebuild confirmed + pending ops again, stabilizeBoard, and board.set, whose listeners are
//           every component's useSyncExternalStore check (React schedules, does not render yet);
//           `pending` sums the own ops re-applied by the rebuilds
//   react   the microtasks after the message: React's synchronous render and commit of what
//           changed (react-konva setting node attributes, asking Konva for a draw); a client
//           that applies entries later (the batch-entries patch) renders outside this figure
// `__benchSync.read()` returns the totals (ms) and counts since `reset()`.
(function () {
  'use strict';
  var c = window.__onaji && window.__onaji.client;
  if (!c || !c.socket || typeof c.applyEntries !== 'function' || typeof c.rebuild !== 'function') {
    window.__benchSync = { error: 'SyncClient has changed' };
    return;
  }
  var t = { entries: 0, apply: 0, rebuild: 0, rebuilds: 0, react: 0, listeners: 0, pending: 0 };
  function wrap(name, key, count) {
    var f = c[name];
    c[name] = function () {
      // Own ops still pending when the state is rebuilt: each is applied again on every rebuild.
      if (count) t.pending += c.pending.size;
      var a = performance.now();
      try {
        return f.apply(this, arguments);
      } finally {
        t[key] += performance.now() - a;
        if (count) t[count]++;
      }
    };
  }
  wrap('applyEntries', 'apply');
  wrap('rebuild', 'rebuild', 'rebuilds');
  // Every entry: the handlers, then the microtasks they queued (React's flush of a store update
  // runs in a microtask queued during the handler, so before this one). Whatever handles 'op'
  // now (the client's own, or a patch's) is what gets timed.
  var handlers = c.socket.listeners('op').slice();
  handlers.forEach(function (h) {
    c.socket.off('op', h);
  });
  c.socket.on('op', function (entry) {
    t.entries++;
    for (var i = 0; i < handlers.length; i++) handlers[i](entry);
    var a = performance.now();
    queueMicrotask(function () {
      t.react += performance.now() - a;
    });
  });
  window.__benchSync = {
    reset: function () {
      for (var k in t) t[k] = 0;
      t.listeners = c.board.listeners ? c.board.listeners.size : -1;
    },
    read: function () {
      return JSON.parse(JSON.stringify(t));
    },
  };
})();
