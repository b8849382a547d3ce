#!/usr/bin/env bash
# The main job: builds samples/ with LlmLint's analyzers, prints the findings and the cost report
# (report.json, report.md, report.html and report.sarif land in artifacts/report).
# Does its own set-up (NuGet restore, npm assets); safe to run again. Extra arguments go to `llmlint scan`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
eng/setup.sh
# Builds the CLI and, through its project reference, the analyzers it ships in analyzers/.
dotnet build src/LlmLint.Cli/LlmLint.Cli.csproj -c Release --no-restore -v q -nologo -clp:ErrorsOnly
exec dotnet "src/LlmLint.Cli/bin/Release/net10.0/LlmLint.Cli.dll" scan samples --output artifacts/report "$@"
