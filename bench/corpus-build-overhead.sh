#!/usr/bin/env bash
# Build overhead of the LlmLint analyzers on the largest compilable project of the real-code corpus (eng/corpus):
# BotSharp.Abstraction of SciSharp/BotSharp at the pinned commit (504 .cs files once the Rougamo.Fody weaver, which the
# feed does not serve, and the two attribute files that use it are left out). Runs RUNS alternating pairs of
#   dotnet build --no-restore --no-incremental   without the analyzers
#   dotnet build --no-restore --no-incremental   with the analyzers injected the way `llmlint scan` injects them
# (same flags otherwise) after one discarded warm-up pair, and prints the median of each and their ratio.
#
# BotSharp.Abstraction references no LLM SDK, so the analyzers find nothing to analyse there. --project measures a
# project that does: for example the harness's captured fallback project of BotSharp.Plugin.OpenAI (683 .cs files:
# the plugin, BotSharp.Core and BotSharp.Abstraction, with OpenAI, Azure.AI.OpenAI, M.E.AI, Anthropic and Semantic
# Kernel referenced), whose Compile items point into the mirror.
#
# usage: bench/corpus-build-overhead.sh [--mirror <folder>] [--project <csproj>] [--analyzers <folder>] [--runs N]
#   --mirror     folder with the corpus checkouts (owner+name), as for the harness (default: $LLMLINT_CORPUS_MIRROR)
#   --project    measure this project instead of BotSharp.Abstraction; its folder (without bin/obj) is copied and restored
#   --analyzers  folder holding LlmLint.Analyzers.dll (default: a Release build of this checkout's analyzers)
#   --runs       number of measured pairs (default 5, at least 5)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
mirror="${LLMLINT_CORPUS_MIRROR:-}"
analyzers=""
runs=5
given_project=""
while [ $# -gt 0 ]; do
  case "$1" in
    --mirror) mirror="$2"; shift 2;;
    --analyzers) analyzers="$2"; shift 2;;
    --project) given_project="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2;;
    --runs) runs="$2"; shift 2;;
    *) echo "unknown argument: $1" >&2; exit 2;;
  esac
done
[ "$runs" -ge 5 ] || { echo "--runs must be at least 5" >&2; exit 2; }
commit=$(awk -F, '$1=="SciSharp/BotSharp"{print $2}' "$here/eng/corpus/repositories.csv")
if [ -z "$given_project" ]; then
  [ -n "$mirror" ] || { echo "pass --mirror <folder of corpus checkouts> or set LLMLINT_CORPUS_MIRROR" >&2; exit 2; }
  source_repo="$mirror/SciSharp+BotSharp"
  [ -d "$source_repo" ] || { echo "no checkout of SciSharp/BotSharp at $source_repo (see eng/corpus/README.md)" >&2; exit 2; }
else
  [ -f "$given_project" ] || { echo "no project file at $given_project" >&2; exit 2; }
fi

if [ -z "$analyzers" ]; then
  dotnet build "$here/src/LlmLint.Analyzers/LlmLint.Analyzers.csproj" -c Release -nr:false -v q -clp:ErrorsOnly >/dev/null
  dll=$(ls -t "$here"/src/LlmLint.Analyzers/bin/Release/*/LlmLint.Analyzers.dll | head -1)
else
  dll="$analyzers/LlmLint.Analyzers.dll"
fi
[ -f "$dll" ] || { echo "no LlmLint.Analyzers.dll at $dll" >&2; exit 2; }

work=$(mktemp -d /tmp/llmlint-overhead.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ -z "$given_project" ]; then
  git clone -q "$source_repo" "$work/botsharp"
  git -C "$work/botsharp" checkout -q "$commit"
  project="$work/botsharp/src/Infrastructure/BotSharp.Abstraction/BotSharp.Abstraction.csproj"
  sed -i '/Rougamo.Fody/d' "$project"
  rm "$work/botsharp/src/Infrastructure/BotSharp.Abstraction/SideCar/Attributes/SideCarAttribute.cs" \
     "$work/botsharp/src/Infrastructure/BotSharp.Abstraction/Infrastructures/SharpCacheAttribute.cs"
  echo "project: BotSharp.Abstraction @ ${commit:0:12}, $(find "$(dirname "$project")" -name '*.cs' -not -path '*/obj/*' | wc -l) .cs files"
else
  mkdir -p "$work/project"
  (cd "$(dirname "$given_project")" && find . -maxdepth 1 -type f -exec cp {} "$work/project/" \;)
  project="$work/project/$(basename "$given_project")"
  echo "project: $(basename "$given_project"), $(grep -c '<Compile ' "$project") .cs files (Compile items)"
fi
echo "analyzers: $dll"
dotnet restore "$project" -nologo -v:q >/dev/null

# The two injection files differ only in the analyzer item: the same global config and SARIF error log either way.
cat > "$work/llmlint.globalconfig" <<'CFG'
is_global = true
global_level = -100
dotnet_diagnostic.LLM2000.severity = suggestion
CFG
write_targets() { # $1 = file, $2 = analyzer item xml
  cat > "$1" <<XML
<Project>
  <Target Name="_LlmLintBenchInject" BeforeTargets="CoreCompile" Condition="'\$(Language)' == 'C#'">
    <ItemGroup>
      $2
      <EditorConfigFiles Include="$work/llmlint.globalconfig" />
    </ItemGroup>
    <PropertyGroup>
      <ErrorLog>$work/sarif/\$(MSBuildProjectName)-\$([System.Guid]::NewGuid().ToString('N')).sarif,version=2.1</ErrorLog>
    </PropertyGroup>
  </Target>
</Project>
XML
}
mkdir -p "$work/sarif"
write_targets "$work/with.targets" "<Analyzer Include=\"$dll\" />"
write_targets "$work/without.targets" ""

build() { # $1 = targets file; prints seconds
  local start end
  start=$(date +%s.%N)
  dotnet build "$project" --no-restore --no-incremental -c Release -nologo -v:q -clp:ErrorsOnly -nodeReuse:false \
    --disable-build-servers "-p:CustomBeforeMicrosoftCommonTargets=$1" >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

echo "command: dotnet build $(basename "$project") --no-restore --no-incremental -c Release -nodeReuse:false --disable-build-servers -p:CustomBeforeMicrosoftCommonTargets=<with|without>.targets"
build "$work/without.targets" >/dev/null; build "$work/with.targets" >/dev/null   # warm-up pair, discarded
without=(); with=()
for i in $(seq 1 "$runs"); do
  if [ $((i % 2)) -eq 1 ]; then
    a=$(build "$work/without.targets"); b=$(build "$work/with.targets")
  else
    b=$(build "$work/with.targets"); a=$(build "$work/without.targets")
  fi
  without+=("$a"); with+=("$b")
  printf 'run %d: without %.2f s, with %.2f s\n' "$i" "$a" "$b"
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
m0=$(median "${without[@]}"); m1=$(median "${with[@]}")
printf 'median without analyzers: %.2f s\nmedian with analyzers:    %.2f s\nratio: %.3f\n' "$m0" "$m1" "$(echo "$m1 / $m0" | bc -l)"
echo "LLM diagnostics in the last SARIF log: $(grep -o '"ruleId": *"LLM[0-9]*"' "$(ls -t "$work"/sarif/*.sarif | head -1)" | wc -l)"
