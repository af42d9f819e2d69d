#!/usr/bin/env bash
# Builds turnserver and turnsignal and runs both with etc/turnserver.conf: the
# TURN relay on 127.0.0.1:3478 and the room service with the web client on
# http://127.0.0.1:8080 (browsers allow camera and microphone on localhost
# over plain HTTP). Open the printed URL in two tabs; Ctrl-C stops both.
#   scripts/run.sh          # loopback HTTP
#   scripts/run.sh --tls    # also HTTPS on 8443 and TURN over TLS on 5349, with a
#                           # self-signed certificate made once in build/demo-tls/
# Other arguments go to both programs (they share the options), e.g. -v.
set -euo pipefail
cd "$(dirname "$0")/.."

conf=etc/turnserver.conf
tls=0
args=()
for a in "$@"; do
  if [[ $a == --tls ]]; then tls=1; else args+=("$a"); fi
done

scripts/deps.sh build
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target turnserver turnsignal -j "$(nproc)"

setting() {  # setting <name> <default>: the value in $conf, else the default
  local v
  v=$(sed -n "s/^$1[ =]*//p" "$conf" | tail -n 1)
  echo "${v:-$2}"
}
http_port=$(setting signaling-listening-port 8080)
host=$(setting signaling-listening-ip 127.0.0.1)

extra=()
if (( tls )); then
  dir=build/demo-tls
  if [[ ! -s $dir/cert.pem ]]; then
    mkdir -p "$dir"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
      -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
      -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
  fi
  # The sample says no-tls (it has no certificate): this run has one.
  extra=(--cert "$dir/cert.pem" --pkey "$dir/key.pem" --no-tls=false --signaling-tls-listening-port 8443)
fi

build/server/turnserver -c "$conf" "${extra[@]}" "${args[@]}" &
turn_pid=$!
build/signaling/turnsignal -c "$conf" "${extra[@]}" "${args[@]}" &
signal_pid=$!
stop() {
  kill -TERM "$turn_pid" "$signal_pid" 2>/dev/null || true
  wait "$turn_pid" "$signal_pid" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM

sleep 1
if kill -0 "$turn_pid" 2>/dev/null && kill -0 "$signal_pid" 2>/dev/null; then
  echo
  echo "  Open http://$host:$http_port/?room=demo in two browser tabs (Ctrl-C stops both servers)."
  if (( tls )); then
    echo "  Or https://localhost:8443/?room=demo (self-signed: accept the browser's warning once)."
  fi
  echo
fi
# When either server ends, the other is stopped too (the EXIT trap).
wait -n "$turn_pid" "$signal_pid"
