#!/usr/bin/env bash
# Records the public API of every packable library in its PublicAPI.Unshipped.txt (Microsoft.CodeAnalysis.PublicApiAnalyzers).
# Run it after a deliberate public change, review the diff, and commit the files: the build fails (RS0016/RS0017) on a
# public change that is not recorded. At a release, move the Unshipped lines to PublicAPI.Shipped.txt.
# The symbols come from the analyzer's own RS0016 reports of a build. A symbol removed from PublicAPI.Shipped.txt is
# never removed by this script: delete its line by hand (a breaking change); stale Unshipped lines are dropped.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
for shipped in $(git ls-files '*/PublicAPI.Shipped.txt'); do
  dir="$(dirname "$shipped")"
  project="$(ls "$dir"/*.csproj)"
  echo "== $project"
  printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
  log="$(mktemp)"
  dotnet build "$project" -c Release -nologo -v q -clp:NoSummary -p:TreatWarningsAsErrors=false -p:WarningsAsErrors= > "$log" 2>&1 || true
  # Only this project's reports: a build also compiles the projects it references.
  grep -F "[$root/$project" "$log" | grep -o "RS0016: Symbol '[^']*' is not part of the declared public API" \
    | sed "s/^RS0016: Symbol '\(.*\)' is not part of the declared public API$/\1/" \
    | LC_ALL=C sort -u >> "$dir/PublicAPI.Unshipped.txt" || true
  rm -f "$log"
  echo "   $(($(wc -l < "$dir/PublicAPI.Unshipped.txt") - 1)) unshipped symbols"
done
