#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (-fsanitize=fuzzer,address,undefined)
# and runs them for a bounded time, starting from the committed seed corpora.
#   scripts/fuzz.sh stun_decoder 600     # 10 minutes on the STUN decoder
#   scripts/fuzz.sh stream_framer 600    # 10 minutes on the stream framer
#   scripts/fuzz.sh long_term_auth 600   # RFC 8489 nonces and PASSWORD-ALGORITHM(S) checks
#   scripts/fuzz.sh access_token 600     # RFC 7635 ACCESS-TOKEN decoding (AES-GCM, lengths)
#   scripts/fuzz.sh config 600           # the .conf and YAML loaders
#   scripts/fuzz.sh ws_reader 600        # turnsignal's WebSocket frames and messages
#   scripts/fuzz.sh signaling_json 600   # turnsignal's JSON and client messages
#   scripts/fuzz.sh http_request 600     # HTTP request heads (turnsignal, metrics) and paths
#   scripts/fuzz.sh all 30               # every target for 30 s each (CI: scripts/test.sh --sanitize)
#   scripts/fuzz.sh admin_protocol 600   # the admin interface's lines and turnctl's records
# New corpus entries go to build-fuzz/corpus-<target>/ (the committed seeds
# in tests/fuzz/corpus/ are read, not changed); crashes to tests/fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(stun_decoder stream_framer long_term_auth access_token config ws_reader signaling_json http_request admin_protocol)
usage="usage: scripts/fuzz.sh <all|${targets[*]// /|}> [seconds]"
which="${1:?$usage}"
seconds="${2:-60}"
if [[ "$which" == all ]]; then
  run=("${targets[@]}")
elif [[ " ${targets[*]} " == *" $which "* ]]; then
  run=("$which")
else
  echo "$usage" >&2
  exit 2
fi

scripts/deps.sh fuzz
cmake -S . -B build-fuzz -G Ninja -DTURN_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build build-fuzz --target "${run[@]/#/fuzz_}"
mkdir -p tests/fuzz/artifacts

failed=()
for target in "${run[@]}"; do
  echo "== fuzz_${target}: ${seconds} s"
  mkdir -p "build-fuzz/corpus-${target}"
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: unbounded memory is a bug.
  if ! "build-fuzz/tests/fuzz/fuzz_${target}" -max_total_time="${seconds}" -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="tests/fuzz/artifacts/${target}-" \
       "build-fuzz/corpus-${target}" "tests/fuzz/corpus/${target}"; then
    failed+=("$target")
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: failures in ${failed[*]}; reproducers in tests/fuzz/artifacts/" >&2
  exit 1
fi
