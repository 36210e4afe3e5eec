// An experiment, not part of the client: BENCH_CLIENT_PATCH=batch-entries makes P5 run this in
// the board page once it shows the board, to measure what one change to client/net/SyncClient.ts
// would buy before anybody makes it. The page's SyncClient applies each confirmed entry as it
// arrives (`onEntry`: applyEntries([entry]), then a rebuild and a store update that every
// subscribed component checks); here the entries of one animation frame are queued and applied
// together, with one rebuild and one store update per frame. Everything else (joins, resets,
// acks, own ops) is untouched. It reaches into the client's private fields, which is fine for a
// measurement and nothing else.
(function () {
  'use strict';
  var c = window.__onaji && window.__onaji.client;
  if (!c || !c.socket || typeof c.applyEntries !== 'function' || typeof c.rebuild !== 'function') {
    window.__benchPatch = 'not applied: SyncClient has changed';
    return;
  }
  var queue = [];
  var scheduled = false;
  function flush() {
    scheduled = false;
    var entries = queue;
    queue = [];
    if (!c.confirmed || entries.length === 0) return;
    if (entries[0].seq > c.confirmed.seq + 1) return c.rejoin(false);
    if (!c.applyEntries(entries)) return c.rejoin(true);
    if (c.stale || c.pending.size === 0) c.rebuild();
    else c.tracker.refresh();
  }
  function onEntry(entry) {
    if (c.held) {
      c.held.push(entry);
      return;
    }
    queue.push(entry);
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(flush);
    }
  }
  c.socket.off('op', c.onEntry);
  c.socket.on('op', onEntry);
  window.__benchPatch = 'batch-entries';
})();
