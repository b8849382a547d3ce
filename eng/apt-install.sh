#!/usr/bin/env bash
# Installs Debian packages that some tests need. Never fails the caller: without the packages those tests are reported
# skipped with the reason. Tries the install first and refreshes the package lists only when that fails.
# Usage: eng/apt-install.sh <log tag> <what is skipped without them> <package>...
set -uo pipefail
tag="$1"; skipped="$2"; shift 2
log() { printf '[%s] %s\n' "$tag" "$*" >&2; }
if ! command -v apt-get >/dev/null 2>&1; then
  log "apt-get not available; $skipped"
  exit 0
fi
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd="sudo -n"; else log "not root and no sudo; $skipped"; exit 0; fi
fi
log "installing $*"
export DEBIAN_FRONTEND=noninteractive
if ! $sudo_cmd apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1; then
  $sudo_cmd apt-get update -qq >/dev/null 2>&1
  $sudo_cmd apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 || log "could not install $*; $skipped"
fi
exit 0
