#!/usr/bin/env bash
# Builds turnserver and runs it with etc/turnserver.conf (extra arguments are
# passed on, e.g. scripts/run.sh -v).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target turnserver -j "$(nproc)"
exec build/server/turnserver -c etc/turnserver.conf "$@"
