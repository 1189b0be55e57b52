#!/usr/bin/env bash
# Publishes the agent as it ships: NativeAOT, trimmed, for linux-x64, with the trim and AOT
# warnings as errors (Directory.Build.props). PublishAot is set here only: the JIT build stays for
# development and the tests.
# Needs clang and zlib1g-dev (the native linker and zlib) beside the .NET SDK.
# usage: deploy/publish-agent.sh OUT_DIR [ARTIFACTS_DIR]
#   ARTIFACTS_DIR: a separate folder for bin/obj, so a publish never races a build of the tree.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:?usage: deploy/publish-agent.sh OUT_DIR [ARTIFACTS_DIR]}"
artifacts=()
if [[ $# -ge 2 ]]; then
  artifacts=(--artifacts-path "$2")
fi
dotnet publish src/Monitor.Agent -c Release -r linux-x64 -p:PublishAot=true -nologo -v quiet "${artifacts[@]}" -o "$out"
