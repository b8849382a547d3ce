#!/usr/bin/env bash
# Installs the WordNet 3.0 database (Debian package wordnet-base, data under /usr/share/wordnet) that
# LexiconResourceTests regenerates the meaning-guard lexicon from. Quick when it is already there; never fails the
# caller: without WordNet that one test is skipped with the reason.
set -uo pipefail
if [ -f /usr/share/wordnet/data.verb ] || dpkg -s wordnet-base >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "[wordnet] apt-get not available; LexiconResourceTests will be skipped" >&2
  exit 0
fi
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo_cmd="sudo -n"
echo "[wordnet] installing wordnet-base" >&2
$sudo_cmd apt-get update -qq >/dev/null 2>&1 && $sudo_cmd apt-get install -y -qq wordnet-base >/dev/null 2>&1 \
  || echo "[wordnet] could not install wordnet-base; LexiconResourceTests will be skipped" >&2
exit 0
