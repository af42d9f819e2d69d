#!/usr/bin/env bash
# Builds and runs every test: unit, integration and browser tests in build/,
# then, with --sanitize (CI does both), the same tests under ASan+UBSan in
# build-asan/ (the browser test then calls through the ASan turnserver: a few
# seconds, and real browser traffic through the sanitized data path), and
# every libFuzzer target built with clang and run for FUZZ_SECONDS (30) from
# its seed corpus (scripts/fuzz.sh all).
#   scripts/test.sh              # the README's test command
#   scripts/test.sh --sanitize   # only the sanitizer configuration, and the fuzz smoke run
#   scripts/test.sh --all        # both, as .ci/run does
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test

jobs=$(nproc)
run_suite() {  # run_suite <build-dir> <cmake args...>
  local dir=$1; shift
  echo "== configuring ${dir} $*"
  cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  echo "== building ${dir}"
  cmake --build "$dir" -j "$jobs"
  echo "== testing ${dir}"
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 300
}

mode=${1:-default}
case "$mode" in
  default)    run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo ;;
  --sanitize) run_suite build-asan -DCMAKE_BUILD_TYPE=Debug -DTURN_SANITIZE=ON
              scripts/fuzz.sh all "${FUZZ_SECONDS:-30}" ;;
  --all)      run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo
              run_suite build-asan -DCMAKE_BUILD_TYPE=Debug -DTURN_SANITIZE=ON
              scripts/fuzz.sh all "${FUZZ_SECONDS:-30}" ;;
  *) echo "usage: scripts/test.sh [--sanitize|--all]" >&2; exit 2 ;;
esac
