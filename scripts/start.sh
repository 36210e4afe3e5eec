#!/bin/sh
# `npm start`: build the client, then become the server. `exec` replaces this shell with node, so
# the process npm started (and forwards SIGTERM/SIGINT to) is the server itself, and a supervisor,
# Docker or Ctrl-C reaches its graceful stop (finish the ops in flight, say goodbye, save).
set -e
# A test that already built dist/ (and shares it with browser tests) starts the server only.
[ "${ONAJI_SKIP_BUILD:-}" = 1 ] || node scripts/build-once.mjs
exec node --import tsx server/index.ts "$@"
