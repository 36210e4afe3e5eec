// An experiment, not part of the client: BENCH_CLIENT_PATCH=no-hit-while-dragging makes P5 run
// this in the board page, to measure what the notes layer's hit canvas costs during a drag.
// Konva draws every layer twice on each redraw: the scene, and for a listening layer the hit
// canvas it reads pointer targets from. Nothing needs a pointer target while a note is being
// dragged (Konva moves the dragged node from window mouse events), so here the notes layer stops
// listening when a drag starts and listens again when it ends: each redraw during the drag is
// the scene alone. A client change would do the same, or move the dragged note to a layer of
// its own and find notes under the pointer from their rectangles instead of a hit canvas.
(function () {
  'use strict';
  var K = window.Konva;
  var stage = K && K.stages && K.stages[0];
  var layer =
    stage &&
    stage.getLayers().filter(function (l) {
      return l.getChildren().length >= 100;
    })[0];
  if (!layer) {
    window.__benchPatch = 'not applied: no notes layer';
    return;
  }
  stage.on('dragstart.benchpatch', function (e) {
    if (e.target !== stage) layer.listening(false);
  });
  stage.on('dragend.benchpatch', function (e) {
    if (e.target !== stage) layer.listening(true);
  });
  window.__benchPatch = 'no-hit-while-dragging';
})();
