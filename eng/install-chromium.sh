#!/usr/bin/env bash
# Installs headless Chromium (Debian package "chromium"), which the CLI tests use to render report.html.
# Idempotent: does nothing when a chromium binary is already on PATH (or at $LLMLINT_CHROMIUM).
set -euo pipefail

log() { printf '[install-chromium] %s\n' "$*" >&2; }

if [ -n "${LLMLINT_CHROMIUM:-}" ] && [ -x "${LLMLINT_CHROMIUM}" ]; then
  log "using $LLMLINT_CHROMIUM"
  exit 0
fi
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then
    log "$candidate present ($(command -v "$candidate"))"
    exit 0
  fi
done

if ! command -v apt-get >/dev/null 2>&1; then
  log "no chromium on PATH and no apt-get: install Chromium and put it on PATH, or set LLMLINT_CHROMIUM"
  exit 1
fi

sudo=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else log "not root and no sudo: cannot install chromium"; exit 1; fi
fi

log "installing chromium with apt-get"
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y --no-install-recommends chromium >/dev/null 2>&1; then
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y --no-install-recommends chromium >/dev/null
fi
command -v chromium >/dev/null 2>&1 && log "installed $(chromium --version 2>/dev/null || echo chromium)"
