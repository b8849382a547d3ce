#!/usr/bin/env bash
# Installs Python's onnx module (Debian package python3-onnx, with python3-numpy) that eng/models/convert-use-lite.py
# needs to write USE-lite as an ONNX model; the USE-lite ONNX tests convert the model with it. Quick when it is already
# there; never fails the caller: without it those tests are skipped with the reason.
set -uo pipefail
if /usr/bin/python3 -c "import onnx, numpy" >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "[models] apt-get not available; the USE-lite ONNX tests will be skipped" >&2
  exit 0
fi
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo_cmd="sudo -n"
echo "[models] installing python3-onnx" >&2
$sudo_cmd apt-get update -qq >/dev/null 2>&1 && $sudo_cmd apt-get install -y -qq python3-onnx python3-numpy >/dev/null 2>&1 \
  || echo "[models] could not install python3-onnx; the USE-lite ONNX tests will be skipped" >&2
exit 0
