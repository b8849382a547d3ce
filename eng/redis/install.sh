#!/usr/bin/env bash
# Installs redis-server (Debian package redis-server), which the Redis exact-cache tests start on a loopback port with
# no persistence. Idempotent: quick when redis-server is already on PATH. Never fails the caller: without it the Redis
# tests are reported skipped with the reason.
set -uo pipefail
log() { printf '[redis] %s\n' "$*" >&2; }
if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
"$(dirname "${BASH_SOURCE[0]}")/../apt-install.sh" redis "the Redis cache tests will be skipped" redis-server
# The Debian package starts a system service on port 6379; the tests start their own server and need none.
command -v redis-server >/dev/null 2>&1 && log "installed $(redis-server --version 2>/dev/null | cut -d' ' -f3)"
exit 0
