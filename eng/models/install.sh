#!/usr/bin/env bash
# Installs Python's onnx module (Debian package python3-onnx, with python3-numpy) that eng/models/convert-use-lite.py
# needs to write USE-lite as an ONNX model; the USE-lite ONNX tests convert the model with it. Quick when it is already
# there; never fails the caller: without it those tests are skipped with the reason.
set -uo pipefail
/usr/bin/python3 -c "import onnx, numpy" >/dev/null 2>&1 && exit 0
"$(dirname "${BASH_SOURCE[0]}")/../apt-install.sh" models "the USE-lite ONNX tests will be skipped" python3-onnx python3-numpy
