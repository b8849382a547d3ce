#!/usr/bin/env bash
# Puts every repository of eng/corpus/repositories.csv at its pinned commit, from git repositories you already have.
# It runs git only on the folders you give it: no network access (a commit missing from a source is reported, not fetched).
#
# usage: eng/corpus/fetch.sh <source-folder> [<target-folder>]
#   <source-folder>  one entry per repository named owner+name: a working clone, a bare mirror, or a folder whose
#                    'repo' subfolder is a bare mirror
#   <target-folder>  where to put working checkouts (owner+name); default: check out in place in <source-folder>,
#                    which then must hold working clones
# Exit code: 0 when every repository is at its pinned commit, 1 otherwise.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ $# -ge 1 ] || { sed -n '2,12p' "$0"; exit 2; }
source_dir="$(cd "$1" && pwd)" || exit 2
target_dir="${2:-}"
[ -z "$target_dir" ] || { mkdir -p "$target_dir" && target_dir="$(cd "$target_dir" && pwd)"; }
failed=0
while IFS=, read -r repository commit _; do
  [ "$repository" = repository ] && continue
  name="${repository/\//+}"
  src="$source_dir/$name"
  [ -d "$src/repo" ] && src="$src/repo"
  if [ ! -d "$src" ]; then
    echo "MISSING  $repository: no $source_dir/$name"; failed=1; continue
  fi
  if [ -z "$target_dir" ]; then
    dest="$src"
    if [ "$(git -C "$dest" rev-parse --is-bare-repository 2>/dev/null)" = true ]; then
      echo "BARE     $repository: $dest is a bare mirror; give a <target-folder> to check it out"; failed=1; continue
    fi
  else
    dest="$target_dir/$name"
    [ -d "$dest/.git" ] || git clone -q --no-checkout "$src" "$dest" || { echo "FAILED   $repository: cannot clone $src"; failed=1; continue; }
  fi
  if ! git -C "$dest" cat-file -e "$commit^{commit}" 2>/dev/null; then
    echo "NOCOMMIT $repository: $commit is not in $src"; failed=1; continue
  fi
  if git -C "$dest" checkout -q --force "$commit" 2>/dev/null; then
    echo "OK       $repository @ ${commit:0:12} -> $dest"
  else
    echo "FAILED   $repository: checkout of $commit in $dest"; failed=1
  fi
done < "$here/repositories.csv"
exit $failed
