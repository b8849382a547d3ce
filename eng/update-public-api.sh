#!/usr/bin/env bash
# Records the public API of every packable library in its PublicAPI.Unshipped.txt (Microsoft.CodeAnalysis.PublicApiAnalyzers).
# Run it after a deliberate public change, review the diff, and commit the files: the build fails (RS0016/RS0017) on a
# public change that is not recorded. At a release, move the Unshipped lines to PublicAPI.Shipped.txt.
# A symbol removed from PublicAPI.Shipped.txt is never removed by this script: delete its line by hand (a breaking change).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
for shipped in $(git ls-files '*/PublicAPI.Shipped.txt'); do
  dir="$(dirname "$shipped")"
  project="$(ls "$dir"/*.csproj)"
  echo "== $project"
  printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
  dotnet format analyzers "$project" --diagnostics RS0016 RS0037 --severity warn -v q
done
