#!/usr/bin/env bash
# Runs every test project. Does its own set-up (NuGet restore, npm assets); safe to run again.
# Ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
config="${CONFIGURATION:-Release}"
results="$root/artifacts/test-results"

eng/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
# Headless Chromium renders the HTML cost report in the CLI tests.
eng/install-chromium.sh || echo "warning: chromium could not be installed; the HTML rendering test will say so"
# WordNet, for the test that regenerates the semantic cache's meaning lexicon (skipped without it).
eng/wordnet/install.sh
eng/redis/install.sh  # redis-server for the exact-cache tests on Redis (skipped without it)
eng/models/install.sh  # Python's onnx module, to convert USE-lite to ONNX for its parity tests (skipped without it)

echo "== build ($config)"
if ! dotnet build LlmLint.sln -c "$config" --no-restore -v q -nologo -clp:ErrorsOnly; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

echo "== pack"
rm -rf "$root/artifacts/packages"
if ! dotnet pack src/LlmLint.Analyzers.Package/LlmLint.Analyzers.Package.csproj -c "$config" --no-build -v q -nologo -o "$root/artifacts/packages" \
   || ! dotnet pack src/LlmLint.Embeddings/LlmLint.Embeddings.csproj -c "$config" --no-build -v q -nologo -o "$root/artifacts/packages" \
   || ! dotnet pack src/LlmLint/LlmLint.csproj -c "$config" --no-build -v q -nologo -o "$root/artifacts/packages" \
   || ! dotnet pack src/LlmLint.Sqlite/LlmLint.Sqlite.csproj -c "$config" --no-build -v q -nologo -o "$root/artifacts/packages" \
   || ! dotnet pack src/LlmLint.PostgreSQL/LlmLint.PostgreSQL.csproj -c "$config" --no-build -v q -nologo -o "$root/artifacts/packages" \
   || ! dotnet pack src/LlmLint.Redis/LlmLint.Redis.csproj -c "$config" --no-build -v q -nologo -o "$root/artifacts/packages" \
   || ! dotnet pack src/LlmLint.Embeddings.UseLite/LlmLint.Embeddings.UseLite.csproj -c "$config" --no-build -v q -nologo -o "$root/artifacts/packages" \
   || ! dotnet pack src/LlmLint.Embeddings.Onnx/LlmLint.Embeddings.Onnx.csproj -c "$config" --no-build -v q -nologo -o "$root/artifacts/packages" \
   || ! dotnet pack src/LlmLint.Cli/LlmLint.Cli.csproj -c "$config" --no-build -v q -nologo -o "$root/artifacts/packages"; then
  echo "pack failed"; echo "0 passed, 1 failed"; exit 1
fi

rm -rf "$results"; mkdir -p "$results"
crashed=0
for proj in tests/*/*.csproj; do
  name="$(basename "$proj" .csproj)"
  echo "== $name"
  if ! dotnet test "$proj" -c "$config" --no-build -nologo -v q \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
      --results-directory "$results" -- RunConfiguration.TestSessionTimeout=1500000; then
    [ -f "$results/$name.trx" ] || crashed=$((crashed + 1))
  fi
done

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  get() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(get total); ex=$(get executed); p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); ab=$(get aborted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${ab:-0}))
  # A skipped xunit test is in the total but not executed (the trx "notExecuted" counter stays 0).
  skipped=$((skipped + ${total:-0} - ${ex:-0}))
done
failed=$((failed + crashed))
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
