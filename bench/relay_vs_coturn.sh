#!/usr/bin/env bash
# Starts Debian's coturn and our turnserver with the same config on loopback,
# and turn_floor (bench/forwarder/, a bare forwarder: the floor), drives all
# with the same load from turn_loadgen, prints one table of results with
# ratios ours/coturn and ours/floor, and stops everything it started (also on
# error or Ctrl-C). See bench/README.md.
#
#   bench/relay_vs_coturn.sh [extra turn_loadgen options, e.g. --rate 10000]
#
# Environment:
#   COTURN_BIN     coturn's turnserver (default /usr/bin/turnserver)
#   UPSTREAM_COTURN_BIN  a turnserver built from current coturn source (4.7+): run
#                  twice more, in its default mode and with multiplex-peer + udp-gso
#   OURS_BIN       our turnserver (default $BUILD_DIR/server/turnserver)
#   OURS_OPTIONS   extra options for ours only, e.g. "--io-uring" (default none: both
#                  servers run the same config)
#   FLOOR_BIN      turn_floor (default $BUILD_DIR/bench/turn_floor)
#   BUILD_DIR      build tree (default <repo>/build-bench); built first unless SKIP_BUILD=1
#   RELAY_THREADS  relay-threads for the servers (default 1: a per-core comparison)
#   OURS_PORT, COTURN_PORT, FLOOR_PORT   listening ports (default 13478, 14478, 12478)
#   PHASES         comma-separated subset of memory,allocs,cpu,saturation,rtt,tcp,tls (default: all)
#   KEEP_WORK=1    keep the temporary directory with configs and server logs
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build-bench}
COTURN_BIN=${COTURN_BIN:-/usr/bin/turnserver}
OURS_BIN=${OURS_BIN:-$BUILD_DIR/server/turnserver}
FLOOR_BIN=${FLOOR_BIN:-$BUILD_DIR/bench/turn_floor}
UPSTREAM_COTURN_BIN=${UPSTREAM_COTURN_BIN:-}
LOADGEN=$BUILD_DIR/bench/turn_loadgen
STREAMLOAD=$BUILD_DIR/bench/turn_streamload
RELAY_THREADS=${RELAY_THREADS:-1}
OURS_PORT=${OURS_PORT:-13478}
COTURN_PORT=${COTURN_PORT:-14478}
OURS_TLS_PORT=${OURS_TLS_PORT:-15349}
COTURN_TLS_PORT=${COTURN_TLS_PORT:-16349}
FLOOR_PORT=${FLOOR_PORT:-12478}
# Upstream coturn: between the relay ranges and the kernel's ephemeral ports;
# coturn may also take listening port + 1, hence the gaps.
UPSTREAM_PORT=${UPSTREAM_PORT:-32110}
UPSTREAM_TLS_PORT=${UPSTREAM_TLS_PORT:-32120}
UPSTREAM_MUX_PORT=${UPSTREAM_MUX_PORT:-32130}
UPSTREAM_MUX_TLS_PORT=${UPSTREAM_MUX_TLS_PORT:-32140}
PHASES=${PHASES:-memory,allocs,cpu,saturation,rtt,tcp,tls}
# Relay port ranges: disjoint, below the kernel's ephemeral range (32768+),
# and each wide enough for the 3000 allocations of the memory phase.
OURS_PORTS=(16000 23999)
COTURN_PORTS=(24000 31999)
FLOOR_PORTS=(11000 11999)  # 400 flows
# Upstream coturn's default mode needs as wide a range as coturn's: it keeps
# a freed relay port for a while, and the allocation-rate phase frees
# thousands. In multiplex-peer mode the relay sockets are one per thread
# from MUX_PEER_PORT (IPv4 and IPv6 each), above the ephemeral range (which
# ends at 60999 by default); its min/max range is then not used for UDP.
UPSTREAM_PORTS=(2000 9999)
UPSTREAM_MUX_PORTS=(61000 64999)
MUX_PEER_PORT=65000
USER_NAME=bench
USER_PASS=bench-password
REALM=bench.example.org

die() { echo "relay_vs_coturn: $*" >&2; exit 1; }

build() {
    [[ ${SKIP_BUILD:-0} == 1 ]] && return
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTURN_BUILD_TESTS=OFF >/dev/null
    cmake --build "$BUILD_DIR" -j2 --target turnserver turn_loadgen turn_streamload turn_floor >/dev/null
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

# start NAME BIN PORT TLS_PORT MIN MAX [EXTRA...]: runs the server in the
# foreground of a background job, so its pid is ours to stop.
start() {
    local name=$1 bin=$2 port=$3 tls_port=$4 min=$5 max=$6
    shift 6
    "$bin" -c "$WORK/common.conf" --listening-port "$port" --tls-listening-port "$tls_port" \
        --min-port "$min" --max-port "$max" \
        --log-file "$WORK/$name.log" --pidfile "$WORK/$name.pid" "$@" >"$WORK/$name.out" 2>&1 &
    PIDS[$name]=$!
}

start_floor() {
    "$FLOOR_BIN" --listen "127.0.0.1:$FLOOR_PORT" --relay-ip 127.0.0.1 \
        --min-port "${FLOOR_PORTS[0]}" --max-port "${FLOOR_PORTS[1]}" >"$WORK/floor.out" 2>&1 &
    PIDS[floor]=$!
}

# Stops the floor now, so its counters (GSO messages, syscalls) can be shown.
floor_counters() {
    kill -TERM "${PIDS[floor]}" 2>/dev/null || return 0
    wait "${PIDS[floor]}" 2>/dev/null || true
    unset 'PIDS[floor]'
    grep '^turn_floor: .* flows' "$WORK/floor.out" | sed 's/^/# /' || true
}

has_phase() { [[ ",$PHASES," == *",$1,"* ]]; }

check_phases() {
    local p
    for p in ${PHASES//,/ }; do
        case $p in
            memory|allocs|cpu|saturation|rtt|tcp|tls) ;;
            *) die "unknown phase '$p' in PHASES (known: memory,allocs,cpu,saturation,rtt,tcp,tls)" ;;
        esac
    done
}

# Upstream coturn (UPSTREAM_COTURN_BIN): its default mode as "upstream", and
# "upstream-mux" with multiplex-peer (one relay socket per thread, flows told
# apart by the peer's address, so every flow gets its own peer) and udp-gso
# where the binary has them. An older coturn (Debian's 4.6.1) rejects unknown
# options, so its --help decides; without multiplex-peer that mode is skipped.
start_upstream() {
    if [[ -z $UPSTREAM_COTURN_BIN ]]; then
        NOTES+=("# upstream coturn: skipped (UPSTREAM_COTURN_BIN is not set; point it at a turnserver built from coturn 4.7+ source for upstream= and upstream-mux= columns)")
        return
    fi
    [[ -x $UPSTREAM_COTURN_BIN ]] || die "UPSTREAM_COTURN_BIN=$UPSTREAM_COTURN_BIN is not an executable"
    start upstream "$UPSTREAM_COTURN_BIN" "$UPSTREAM_PORT" "$UPSTREAM_TLS_PORT" "${UPSTREAM_PORTS[@]}"
    NOTES+=("# upstream: $UPSTREAM_COTURN_BIN ($("$UPSTREAM_COTURN_BIN" --version 2>/dev/null | head -1)), default mode")
    # -n: no config file; --help is either usage or an unknown option, which
    # prints the usage too. Bounded, in case a binary starts serving instead.
    local usage
    usage=$(cd "$WORK" && timeout -s KILL 10 "$UPSTREAM_COTURN_BIN" -n --help 2>&1 || true)
    if ! grep -q -- '--multiplex-peer' <<<"$usage"; then
        NOTES+=("# upstream-mux: skipped ($UPSTREAM_COTURN_BIN --help lists no --multiplex-peer: older than coturn 4.7)")
        return
    fi
    local extra=(--multiplex-peer "--multiplex-peer-port=$MUX_PEER_PORT") mode="multiplex-peer"
    if grep -q -- '--udp-gso' <<<"$usage"; then
        extra+=(--udp-gso)
        mode+=" + udp-gso"
    else
        mode+=" (its --help lists no --udp-gso)"
    fi
    start upstream-mux "$UPSTREAM_COTURN_BIN" "$UPSTREAM_MUX_PORT" "$UPSTREAM_MUX_TLS_PORT" "${UPSTREAM_MUX_PORTS[@]}" "${extra[@]}"
    NOTES+=("# upstream-mux: the same binary with $mode, relay port $MUX_PEER_PORT; one peer socket per flow")
}

# The loadgen targets: ours first (every ratio is over it), then coturn (the
# "ratio=" column), the floor, and upstream coturn if it runs.
loadgen_targets() {
    TARGETS=(--target "ours=127.0.0.1:$OURS_PORT:${PIDS[ours]}:${OURS_PORTS[0]}-${OURS_PORTS[1]}"
             --target "coturn=127.0.0.1:$COTURN_PORT:${PIDS[coturn]}:${COTURN_PORTS[0]}-${COTURN_PORTS[1]}"
             --floor "floor=127.0.0.1:$FLOOR_PORT:${PIDS[floor]}:${FLOOR_PORTS[0]}-${FLOOR_PORTS[1]}")
    [[ -n ${PIDS[upstream]:-} ]] &&
        TARGETS+=(--target "upstream=127.0.0.1:$UPSTREAM_PORT:${PIDS[upstream]}:${UPSTREAM_PORTS[0]}-${UPSTREAM_PORTS[1]}")
    [[ -n ${PIDS[upstream-mux]:-} ]] &&
        TARGETS+=(--target "upstream-mux=127.0.0.1:$UPSTREAM_MUX_PORT:${PIDS[upstream-mux]}:$MUX_PEER_PORT-$((MUX_PEER_PORT + 2 * RELAY_THREADS - 1))"
                  --distinct-peers upstream-mux)
    return 0
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
    check_phases
    build
    [[ -x $OURS_BIN && -x $LOADGEN && -x $STREAMLOAD && -x $FLOOR_BIN ]] ||
        die "build $OURS_BIN, $LOADGEN, $STREAMLOAD and $FLOOR_BIN first"
    for port in "$OURS_PORT" "$COTURN_PORT" "$FLOOR_PORT" "$UPSTREAM_PORT" "$UPSTREAM_MUX_PORT"; do
        ! ss -lun "sport = :$port" | grep -q ":$port" || die "UDP port $port is in use"
    done
    # 3000 allocations: a relay socket each, and coturn also a client socket each.
    ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
    [[ $(ulimit -n) -ge 20000 ]] || die "need a descriptor limit of 20000+ (ulimit -n is $(ulimit -n))"

    WORK=$(mktemp -d /tmp/relay_vs_coturn.XXXXXX)
    declare -gA PIDS=()
    NOTES=()
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    make_certificate
    write_config "$WORK/common.conf"
    # shellcheck disable=SC2086  # OURS_OPTIONS is a list of options
    start ours "$OURS_BIN" "$OURS_PORT" "$OURS_TLS_PORT" "${OURS_PORTS[@]}" ${OURS_OPTIONS:-}
    start coturn "$COTURN_BIN" "$COTURN_PORT" "$COTURN_TLS_PORT" "${COTURN_PORTS[@]}"
    start_floor
    start_upstream
    wait_listening ours "$OURS_PORT"
    wait_listening coturn "$COTURN_PORT"
    wait_listening floor "$FLOOR_PORT"
    [[ -z ${PIDS[upstream]:-} ]] || wait_listening upstream "$UPSTREAM_PORT"
    [[ -z ${PIDS[upstream-mux]:-} ]] || wait_listening upstream-mux "$UPSTREAM_MUX_PORT"
    sleep 0.5  # coturn starts its relay threads after its listeners

    echo "# relay_vs_coturn: ours=$OURS_BIN ${OURS_OPTIONS:-} coturn=$COTURN_BIN ($("$COTURN_BIN" --version 2>/dev/null | head -1))"
    echo "# relay-threads=$RELAY_THREADS, UDP, TCP and TLS on 127.0.0.1, lt-cred-mech; $(nproc) cores; $(uname -r)"
    echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on this machine skews saturation and RTT most)"
    echo "# floor: $FLOOR_BIN, a bare batched UDP forwarder without TURN (bench/forwarder/), data phases only"
    local note
    for note in "${NOTES[@]}"; do echo "$note"; done
    local creds=(--user "$USER_NAME" --password "$USER_PASS" --realm "$REALM")
    local udp_phases
    udp_phases=$(tr ',' '\n' <<<"$PHASES" | grep -xE 'memory|allocs|cpu|saturation|rtt' | paste -sd, -) || true
    if [[ -n $udp_phases ]]; then
        loadgen_targets
        "$LOADGEN" "${TARGETS[@]}" "${creds[@]}" --phases "$udp_phases" "$@"
    fi
    floor_counters
    # TCP and TLS clients, ours and Debian's coturn: the same table format, one block per transport.
    if has_phase tcp; then
        echo "turn_streamload: TCP clients" >&2
        "$STREAMLOAD" --target "ours=127.0.0.1:$OURS_PORT:${PIDS[ours]}" \
            --target "coturn=127.0.0.1:$COTURN_PORT:${PIDS[coturn]}" "${creds[@]}"
    fi
    if has_phase tls; then
        echo "turn_streamload: TLS clients" >&2
        "$STREAMLOAD" --tls --target "ours=127.0.0.1:$OURS_TLS_PORT:${PIDS[ours]}" \
            --target "coturn=127.0.0.1:$COTURN_TLS_PORT:${PIDS[coturn]}" "${creds[@]}"
    fi
    echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

main "$@"
