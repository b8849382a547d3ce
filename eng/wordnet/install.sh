#!/usr/bin/env bash
# Installs the WordNet 3.0 database (Debian package wordnet-base, data under /usr/share/wordnet) that
# LexiconResourceTests regenerates the meaning-guard lexicon from. Quick when it is already there; never fails the
# caller: without WordNet that one test is skipped with the reason.
set -uo pipefail
if [ -f /usr/share/wordnet/data.verb ] || dpkg -s wordnet-base >/dev/null 2>&1; then
  exit 0
fi
"$(dirname "${BASH_SOURCE[0]}")/../apt-install.sh" wordnet "LexiconResourceTests will be skipped" wordnet-base
