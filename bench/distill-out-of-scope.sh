#!/usr/bin/env bash
# Out-of-scope traffic for a distilled student, two ways, with `llmlint distill eval`:
#   far  — captures: banking77 train (77 intents); traffic: the 300 MMLU and GPTCache questions of tests/data/token-count
#          (labelled OUT_OF_SCOPE, so every local answer is a wrong one);
#   near — captures: banking77 train of 60 intents (a seeded choice); traffic: the test split of the 17 others.
# Usage: bench/distill-out-of-scope.sh [banking77 folder]   (default: ../shared/data/banking77, or $LLMLINT_SHARED_DATA/banking77)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
banking="${1:-${LLMLINT_SHARED_DATA:-$root/../shared/data}/banking77}"
[ -f "$banking/train.csv" ] || { echo "banking77 not found at '$banking' (train.csv, test.csv): pass its folder" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$banking" "$root/tests/data/token-count/prompts.jsonl" "$work" <<'PY'
import csv, json, os, random, sys
banking, prompts, work = sys.argv[1:4]
train = list(csv.DictReader(open(os.path.join(banking, "train.csv"), encoding="utf-8")))
test = list(csv.DictReader(open(os.path.join(banking, "test.csv"), encoding="utf-8")))
def write(path, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f); w.writerow(["text", "label"]); w.writerows(rows)
write(os.path.join(work, "far", "store.csv"), [(r["text"], r["category"]) for r in train])
write(os.path.join(work, "far", "query.csv"),
      [(p["text"], "OUT_OF_SCOPE") for p in map(json.loads, open(prompts, encoding="utf-8")) if p["source"] != "banking77"])
intents = sorted({r["category"] for r in train}); random.Random(5).shuffle(intents); known = set(intents[:60])
write(os.path.join(work, "near", "store.csv"), [(r["text"], r["category"]) for r in train if r["category"] in known])
write(os.path.join(work, "near", "query.csv"), [(r["text"], "OUT_OF_SCOPE") for r in test if r["category"] not in known])
PY
dotnet build "$root/src/LlmLint.Cli/LlmLint.Cli.csproj" -c Release -v q -nologo -clp:ErrorsOnly
for set in far near; do
  echo "== $set"
  dotnet "$root/src/LlmLint.Cli/bin/Release/net10.0/LlmLint.Cli.dll" distill eval --data "$work/$set" "${@:2}"
done
