#!/usr/bin/env bash
# Same-run comparison of LlmLint's local USE-lite engine (managed), the same model on ONNX Runtime (converted by
# eng/models/convert-use-lite.py when Python's onnx module is installed) and the reference JavaScript implementation
# (@energetic-ai/embeddings 0.2.0 + @energetic-ai/core 0.2.0, TF.js wasm backend) on banking77 queries.
# Installs the reference through npm into bench/LlmLint.Benchmarks.Embeddings/node_modules (git-ignored) and uses the
# local model files (.assets/use-lite/dist, or LLMLINT_EMBEDDING_MODEL).
# Usage: bench/LlmLint.Benchmarks.Embeddings/run.sh [--sentences N] [--latency-runs N] [--no-reference]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${BANKING77_TEST:-${LLMLINT_SHARED_DATA:-$root/../shared/data}/banking77/test.csv}"
[ -f "$data" ] || { echo "banking77 test.csv not found at '$data': set BANKING77_TEST or LLMLINT_SHARED_DATA" >&2; exit 2; }
model="${LLMLINT_EMBEDDING_MODEL:-$root/.assets/use-lite/dist}"

reference=(--reference "$here")
args=()
for a in "$@"; do
  if [ "$a" = "--no-reference" ]; then reference=(); else args+=("$a"); fi
done

if [ ${#reference[@]} -gt 0 ] && [ ! -d "$here/node_modules/@energetic-ai/embeddings" ]; then
  (cd "$here" && npm install --no-audit --no-fund --loglevel=error)
fi

onnx=()
onnx_dir="${TMPDIR:-/tmp}/llmlint-bench-use-lite-onnx"
if /usr/bin/python3 -c "import onnx, numpy" 2>/dev/null; then
  /usr/bin/python3 "$root/eng/models/convert-use-lite.py" "$model" "$onnx_dir" >&2 && onnx=(--onnx "$onnx_dir")
else
  echo "Python's onnx module is missing (apt-get install python3-onnx): the ONNX Runtime row is left out" >&2
fi

dotnet build "$here/LlmLint.Benchmarks.Embeddings.csproj" -c Release -v q -nologo -clp:ErrorsOnly
exec dotnet "$here/bin/Release/net10.0/LlmLint.Benchmarks.Embeddings.dll" --data "$data" --model "$model" "${onnx[@]}" "${reference[@]}" "${args[@]}"
