#!/usr/bin/env bash
# Installs redis-server (Debian package redis-server), which the Redis exact-cache tests start on a loopback port with
# no persistence. Idempotent: quick when redis-server is already on PATH. Never fails the caller: without it the Redis
# tests are reported skipped with the reason.
set -uo pipefail
log() { printf '[redis] %s\n' "$*" >&2; }
if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  log "redis-server not on PATH and no apt-get; the Redis cache tests will be skipped"
  exit 0
fi
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd="sudo -n"; else log "not root and no sudo: cannot install redis-server; the Redis cache tests will be skipped"; exit 0; fi
fi
log "installing redis-server"
export DEBIAN_FRONTEND=noninteractive
if ! $sudo_cmd apt-get install -y -qq --no-install-recommends redis-server >/dev/null 2>&1; then
  $sudo_cmd apt-get update -qq >/dev/null 2>&1
  $sudo_cmd apt-get install -y -qq --no-install-recommends redis-server >/dev/null 2>&1 \
    || log "could not install redis-server; the Redis cache tests will be skipped"
fi
# The Debian package starts a system service on port 6379; the tests start their own server and need none.
command -v redis-server >/dev/null 2>&1 && log "installed $(redis-server --version 2>/dev/null | cut -d' ' -f3)"
exit 0
