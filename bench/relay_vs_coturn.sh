#!/usr/bin/env bash
# Starts Debian's coturn and our turnserver with the same config on loopback,
# drives both with the same load from turn_loadgen, prints one table of
# results with ratios ours/coturn, and stops both servers (also on error or
# Ctrl-C). See bench/README.md.
#
#   bench/relay_vs_coturn.sh [extra turn_loadgen options, e.g. --rate 10000]
#
# Environment:
#   COTURN_BIN     coturn's turnserver (default /usr/bin/turnserver)
#   OURS_BIN       our turnserver (default $BUILD_DIR/server/turnserver)
#   BUILD_DIR      build tree (default <repo>/build); built first unless SKIP_BUILD=1
#   RELAY_THREADS  relay-threads for both servers (default 1: a per-core comparison)
#   OURS_PORT, COTURN_PORT   listening ports (default 13478, 14478)
#   KEEP_WORK=1    keep the temporary directory with configs and server logs
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build-bench}
COTURN_BIN=${COTURN_BIN:-/usr/bin/turnserver}
OURS_BIN=${OURS_BIN:-$BUILD_DIR/server/turnserver}
LOADGEN=$BUILD_DIR/bench/turn_loadgen
STREAMLOAD=$BUILD_DIR/bench/turn_streamload
RELAY_THREADS=${RELAY_THREADS:-1}
OURS_PORT=${OURS_PORT:-13478}
COTURN_PORT=${COTURN_PORT:-14478}
OURS_TLS_PORT=${OURS_TLS_PORT:-15349}
COTURN_TLS_PORT=${COTURN_TLS_PORT:-16349}
# Relay port ranges: disjoint, below the kernel's ephemeral range (32768+),
# and each wide enough for the 3000 allocations of the memory phase.
OURS_PORTS=(16000 23999)
COTURN_PORTS=(24000 31999)
USER_NAME=bench
USER_PASS=bench-password
REALM=bench.example.org

die() { echo "relay_vs_coturn: $*" >&2; exit 1; }

build() {
    [[ ${SKIP_BUILD:-0} == 1 ]] && return
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTURN_BUILD_TESTS=OFF >/dev/null
    cmake --build "$BUILD_DIR" -j2 --target turnserver turn_loadgen turn_streamload >/dev/null
}

# The options both servers get, from one file. Ports, relay range, log and
# pid file differ per server and come on the command line.
write_config() {
    cat >"$1" <<CONF
listening-ip=127.0.0.1
relay-ip=127.0.0.1
relay-threads=$RELAY_THREADS
lt-cred-mech
user=$USER_NAME:$USER_PASS
realm=$REALM
allow-loopback-peers
cert=$WORK/cert.pem
pkey=$WORK/key.pem
no-dtls
no-cli
simple-log
CONF
}

# A throwaway self-signed certificate for the TLS scenario.
make_certificate() {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=127.0.0.1 \
        -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null || die "openssl could not make a certificate"
}

# start NAME BIN PORT MIN MAX: runs the server in the foreground of a
# background job, so its pid is ours to stop.
start() {
    local name=$1 bin=$2 port=$3 tls_port=$4 min=$5 max=$6
    "$bin" -c "$WORK/common.conf" --listening-port "$port" --tls-listening-port "$tls_port" \
        --min-port "$min" --max-port "$max" \
        --log-file "$WORK/$name.log" --pidfile "$WORK/$name.pid" >"$WORK/$name.out" 2>&1 &
    PIDS[$name]=$!
}

wait_listening() {
    local name=$1 port=$2
    for _ in $(seq 100); do
        kill -0 "${PIDS[$name]}" 2>/dev/null || { cat "$WORK/$name.out" >&2; die "$name exited at start"; }
        ss -lun "sport = :$port" | grep -q ":$port" && return
        sleep 0.1
    done
    die "$name is not listening on $port"
}

cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    if [[ ${KEEP_WORK:-0} == 1 ]]; then echo "# logs kept in $WORK" >&2; else rm -rf "$WORK"; fi
}

main() {
    [[ -x $COTURN_BIN ]] || die "no coturn at $COTURN_BIN (apt-get install coturn, or set COTURN_BIN)"
    build
    [[ -x $OURS_BIN && -x $LOADGEN && -x $STREAMLOAD ]] || die "build $OURS_BIN, $LOADGEN and $STREAMLOAD first"
    for port in "$OURS_PORT" "$COTURN_PORT"; do
        ! ss -lun "sport = :$port" | grep -q ":$port" || die "UDP port $port is in use"
    done
    # 3000 allocations: a relay socket each, and coturn also a client socket each.
    ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
    [[ $(ulimit -n) -ge 20000 ]] || die "need a descriptor limit of 20000+ (ulimit -n is $(ulimit -n))"

    WORK=$(mktemp -d /tmp/relay_vs_coturn.XXXXXX)
    declare -gA PIDS=()
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    make_certificate
    write_config "$WORK/common.conf"
    start ours "$OURS_BIN" "$OURS_PORT" "$OURS_TLS_PORT" "${OURS_PORTS[@]}"
    start coturn "$COTURN_BIN" "$COTURN_PORT" "$COTURN_TLS_PORT" "${COTURN_PORTS[@]}"
    wait_listening ours "$OURS_PORT"
    wait_listening coturn "$COTURN_PORT"
    sleep 0.5  # coturn starts its relay threads after its listeners

    echo "# relay_vs_coturn: ours=$OURS_BIN coturn=$COTURN_BIN ($("$COTURN_BIN" --version 2>/dev/null | head -1))"
    echo "# relay-threads=$RELAY_THREADS, UDP, TCP and TLS on 127.0.0.1, lt-cred-mech; $(nproc) cores; $(uname -r)"
    echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on this machine skews saturation and RTT most)"
    "$LOADGEN" --target "ours=127.0.0.1:$OURS_PORT:${PIDS[ours]}:${OURS_PORTS[0]}-${OURS_PORTS[1]}" \
        --target "coturn=127.0.0.1:$COTURN_PORT:${PIDS[coturn]}:${COTURN_PORTS[0]}-${COTURN_PORTS[1]}" \
        --user "$USER_NAME" --password "$USER_PASS" --realm "$REALM" "$@"
    # TCP and TLS clients: the same table format, one block per transport.
    local creds=(--user "$USER_NAME" --password "$USER_PASS" --realm "$REALM")
    echo "turn_streamload: TCP clients" >&2
    "$STREAMLOAD" --target "ours=127.0.0.1:$OURS_PORT:${PIDS[ours]}" \
        --target "coturn=127.0.0.1:$COTURN_PORT:${PIDS[coturn]}" "${creds[@]}"
    echo "turn_streamload: TLS clients" >&2
    "$STREAMLOAD" --tls --target "ours=127.0.0.1:$OURS_TLS_PORT:${PIDS[ours]}" \
        --target "coturn=127.0.0.1:$COTURN_TLS_PORT:${PIDS[coturn]}" "${creds[@]}"
    echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

main "$@"
