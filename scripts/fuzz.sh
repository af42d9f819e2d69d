#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs one for a bounded time.
#   scripts/fuzz.sh stun_decoder 600     # 10 minutes on the STUN decoder
#   scripts/fuzz.sh stream_framer 600    # 10 minutes on the stream framer
#   scripts/fuzz.sh long_term_auth 600   # RFC 8489 nonces and PASSWORD-ALGORITHM(S) checks
#   scripts/fuzz.sh config 600           # the .conf and YAML loaders
#   scripts/fuzz.sh ws_reader 600        # turnsignal's WebSocket frames and messages
#   scripts/fuzz.sh signaling_json 600   # turnsignal's JSON and client messages
#   scripts/fuzz.sh http_request 600     # HTTP request heads (turnsignal, metrics) and paths
#   scripts/fuzz.sh admin_protocol 600   # the admin interface's lines and turnctl's records
# New corpus entries go to build-fuzz/corpus-<target>/ (the committed seeds
# in tests/fuzz/corpus/ are read, not changed); crashes to tests/fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: scripts/fuzz.sh <stun_decoder|stream_framer|long_term_auth|config|ws_reader|signaling_json|http_request|admin_protocol> [seconds]}"
seconds="${2:-60}"
scripts/deps.sh fuzz
cmake -S . -B build-fuzz -G Ninja -DTURN_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build build-fuzz --target "fuzz_${target}"
mkdir -p "build-fuzz/corpus-${target}" tests/fuzz/artifacts
exec "build-fuzz/tests/fuzz/fuzz_${target}" -max_total_time="${seconds}" -print_final_stats=1 \
  -artifact_prefix=tests/fuzz/artifacts/ "build-fuzz/corpus-${target}" "tests/fuzz/corpus/${target}"
