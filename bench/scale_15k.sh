#!/usr/bin/env bash
# Holds 15,000 allocations on one turnserver for a minute, with traffic both
# ways on a sample of them, and prints what it cost: allocations made and
# refused, packets sent, received and lost, the server's memory per
# allocation, its CPU over the hold, and how the allocations spread over two
# relay IPs. Stops everything it started on exit, error or Ctrl-C. See
# bench/README.md ("Allocations at scale").
#
#   bench/scale_15k.sh
#
# Environment (defaults in brackets):
#   ALLOCATIONS [15000]   held at once, split evenly over CLIENTS processes
#   CLIENTS [4]           turn_scale processes (each needs a descriptor per allocation)
#   HOLD_SECONDS [60]     how long they are held with traffic on the sample
#   SAMPLE_FLOWS [500]    allocations that carry traffic during the hold
#   RATE [10000]          packets per second over the sample, both directions together
#   RELAY_THREADS [2]     turnserver's relay-threads
#   PORT [13578]          turnserver's listening port on 127.0.0.1
#   BUILD_DIR [<repo>/build-bench]  Release build tree; built first unless SKIP_BUILD=1
#   OURS_BIN              turnserver to run (default $BUILD_DIR/server/turnserver)
#   KEEP_WORK=1           keep the temporary directory (config, server log, client results)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build-bench}
OURS_BIN=${OURS_BIN:-$BUILD_DIR/server/turnserver}
SCALE=$BUILD_DIR/bench/scale/turn_scale
ALLOCATIONS=${ALLOCATIONS:-15000}
CLIENTS=${CLIENTS:-4}
HOLD_SECONDS=${HOLD_SECONDS:-60}
SAMPLE_FLOWS=${SAMPLE_FLOWS:-500}
RATE=${RATE:-10000}
RELAY_THREADS=${RELAY_THREADS:-2}
PORT=${PORT:-13578}
RELAY_IPS=(127.0.0.2 127.0.0.3)
# 16000 ports on each relay IP, below the kernel's ephemeral range (32768+).
RELAY_PORTS=(16000 31999)
SETUP_TIMEOUT=180  # seconds for every client to have its allocations
USER_NAME=bench
USER_PASS=bench-password
REALM=bench.example.org

die() { echo "scale_15k: $*" >&2; exit 1; }

build() {
    [[ ${SKIP_BUILD:-0} == 1 ]] && return
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTURN_BUILD_TESTS=OFF >/dev/null
    cmake --build "$BUILD_DIR" -j2 --target turnserver turn_scale >/dev/null
}

write_config() {
    {
        echo "listening-ip=127.0.0.1"
        echo "listening-port=$PORT"
        for ip in "${RELAY_IPS[@]}"; do echo "relay-ip=$ip"; done
        echo "min-port=${RELAY_PORTS[0]}"
        echo "max-port=${RELAY_PORTS[1]}"
        echo "relay-threads=$RELAY_THREADS"
        echo "lt-cred-mech"
        echo "user=$USER_NAME:$USER_PASS"
        echo "realm=$REALM"
        echo "allow-loopback-peers"
        echo "no-tls"
        echo "no-dtls"
        echo "no-cli"
        echo "simple-log"
        echo "log-file=$WORK/turnserver.log"
    } >"$WORK/turnserver.conf"
}

cleanup() {
    local pid
    for pid in "${CLIENT_PIDS[@]}" "$SERVER_PID"; do [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${CLIENT_PIDS[@]}" "$SERVER_PID"; do
        [[ -n $pid ]] || continue
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    if [[ ${KEEP_WORK:-0} == 1 ]]; then echo "# kept in $WORK" >&2; else rm -rf "$WORK"; fi
}

# /proc readings of the server.
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status"; }
# schedstat per thread: time run, time runnable but waiting for a CPU.
cpu_ns() { cat /proc/"$SERVER_PID"/task/*/schedstat | awk '{s += $1} END {printf "%d\n", s}'; }
wait_ns() { cat /proc/"$SERVER_PID"/task/*/schedstat | awk '{s += $2} END {printf "%d\n", s}'; }
fd_count() { ls "/proc/$SERVER_PID/fd" | wc -l; }
# A field of the Udp line of /proc/net/snmp (whole machine), by name.
udp_counter() { awk -v name="$1" '/^Udp:/ {if (!h) {for (i = 2; i <= NF; i++) col[$i] = i; h = 1} else print $col[name]}' /proc/net/snmp; }
# What one UDP socket costs the kernel, from the slab caches it takes an
# object of each of (the sock, its inode, the file, the dentry); empty when
# /proc/slabinfo is not readable (it needs root).
kernel_bytes_per_socket() {
    awk '$1 == "UDP" || $1 == "sock_inode_cache" || $1 == "filp" || $1 == "dentry" {s += $4; n++}
         END {if (n == 4) print s}' /proc/slabinfo 2>/dev/null || true
}
# Server sockets bound to a relay IP, counted by the kernel (ss).
sockets_on() { ss -Huan "src $1" | wc -l; }

# Sum (or max) of one key over the clients' result files.
total() { cat "$WORK"/client*.txt | awk -F= -v k="$1" '$1 == k {s += $2} END {printf "%d\n", s}'; }
largest() { cat "$WORK"/client*.txt | awk -F= -v k="$1" '$1 == k && $2 > m {m = $2} END {printf "%s\n", m + 0}'; }
count_ready() { grep -l "^$1=1$" "$WORK"/client*.txt 2>/dev/null | wc -l; }

start_server() {
    "$OURS_BIN" -c "$WORK/turnserver.conf" >"$WORK/turnserver.out" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 100); do
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/turnserver.out" "$WORK/turnserver.log" >&2; die "turnserver exited at start"; }
        ss -lun "sport = :$PORT" | grep -q ":$PORT" && return
        sleep 0.1
    done
    die "turnserver is not listening on $PORT"
}

start_clients() {
    local per=$((ALLOCATIONS / CLIENTS)) extra=$((ALLOCATIONS % CLIENTS)) i n
    for i in $(seq "$CLIENTS"); do
        n=$((per + (i <= extra ? 1 : 0)))
        # Bounded by itself: 60 s to allocate, --ready-timeout for the go signal, then the hold.
        "$SCALE" --server "127.0.0.1:$PORT" \
            --user "$USER_NAME" --password "$USER_PASS" --realm "$REALM" --allocations "$n" \
            --flows $((SAMPLE_FLOWS / CLIENTS)) --rate $((RATE / CLIENTS)) --seconds "$HOLD_SECONDS" \
            --ready-timeout "$SETUP_TIMEOUT" --results "$WORK/client$i.txt" >"$WORK/client$i.out" 2>&1 &
        CLIENT_PIDS+=($!)
    done
}

# Until every client wrote `key`=1, or one died, or `limit` seconds passed.
wait_clients() {
    local key=$1 limit=$2 deadline=$((SECONDS + $2)) pid
    while (($(count_ready "$key") < CLIENTS)); do
        for pid in "${CLIENT_PIDS[@]}"; do
            if ! kill -0 "$pid" 2>/dev/null && (($(count_ready "$key") < CLIENTS)); then
                sleep 0.2  # it may have written its last line as it exited
                (($(count_ready "$key") == CLIENTS)) && return
                cat "$WORK"/client*.out >&2
                die "a client exited before $key"
            fi
        done
        ((SECONDS < deadline)) || die "clients not $key within $limit s"
        sleep 0.2
    done
}

row() { printf '%-52s %s\n' "$1" "$2"; }

report() {
    local created failed tp_sent tp_recv tc_sent tc_recv refused hold_wall
    created=$(total created); failed=$(total failed)
    tp_sent=$(total to_peer_sent); tp_recv=$(total to_peer_received)
    tc_sent=$(total to_client_sent); tc_recv=$(total to_client_received)
    refused=$(( $(total to_peer_refused_by_client) + $(total to_client_refused_by_client) ))
    hold_wall=$(awk -v a="$HOLD_START_NS" -v b="$HOLD_END_NS" 'BEGIN {printf "%.1f", (b - a) / 1e9}')
    echo
    echo "# scale_15k: $(nproc) cores, $(uname -r); turnserver relay-threads=$RELAY_THREADS, relay-ip ${RELAY_IPS[*]}, ports ${RELAY_PORTS[0]}-${RELAY_PORTS[1]}"
    echo "# $CLIENTS turn_scale processes; traffic on $SAMPLE_FLOWS allocations at $RATE pkt/s (both directions) for $HOLD_SECONDS s"
    grep -h "descriptor limit:\|capacity:" "$WORK/turnserver.log" | sed 's/^/# server: /'
    row metric value
    row "allocations created" "$created"
    row "allocations failed" "$failed (last error code: $(largest last_error))"
    row "setup time (slowest client)" "$(largest setup_seconds) s"
    row "server descriptors open while held" "$SERVER_FDS"
    for ip in "${RELAY_IPS[@]}"; do
        row "allocations on $ip (clients / server sockets)" "$(total "relay_ip_$ip") / ${SOCKETS_ON[$ip]}"
    done
    row "client->peer packets sent / received / lost" "$tp_sent / $tp_recv / $((tp_sent - tp_recv))"
    row "peer->client packets sent / received / lost" "$tc_sent / $tc_recv / $((tc_sent - tc_recv))"
    row "packets the clients' own sockets refused" "$refused"
    row "UDP receive-buffer drops (machine, hold)" "$((UDP_DROPS_AFTER - UDP_DROPS_BEFORE))"
    row "latency p50 / p99 (worst client), us" "c->p $(largest to_peer_latency_p50_us) / $(largest to_peer_latency_p99_us), p->c $(largest to_client_latency_p50_us) / $(largest to_client_latency_p99_us)"
    row "server VmRSS idle / held / after hold, KiB" "$RSS_IDLE / $RSS_HELD / $RSS_AFTER"
    row "server bytes per allocation (VmRSS)" "$(( (RSS_HELD - RSS_IDLE) * 1024 / (created > 0 ? created : 1) ))"
    local kernel
    kernel=$(kernel_bytes_per_socket)
    [[ -n $kernel ]] && row "kernel bytes per relay socket (slab objects)" "$kernel (not in VmRSS)"
    row "server CPU over the hold" "$(awk -v c="$((CPU_AFTER - CPU_BEFORE))" -v a="$HOLD_START_NS" -v b="$HOLD_END_NS" \
        'BEGIN {printf "%.2f s in %.1f s = %.1f%% of a core", c / 1e9, (b - a) / 1e9, 100 * c / (b - a)}')"
    row "server CPU per relayed packet" "$(awk -v c="$((CPU_AFTER - CPU_BEFORE))" -v n="$((tp_recv + tc_recv))" \
        'BEGIN {printf "%d ns", (n > 0 ? c / n : 0)}')"
    row "server threads runnable, waiting for a CPU" "$(awk -v w="$((WAIT_AFTER - WAIT_BEFORE))" \
        'BEGIN {printf "%.2f s over the hold (the machine, not the server: it sets the latency tail)", w / 1e9}')"
    row "server log warnings / errors" "$(grep -c "WARNING" "$WORK/turnserver.log" || true) / $(grep -c "ERROR" "$WORK/turnserver.log" || true)"
    row "hold wall time" "$hold_wall s"
    grep -h "WARNING\|ERROR" "$WORK/turnserver.log" | head -5 | sed 's/^/# server log: /'
    (( failed == 0 && tp_sent == tp_recv && tc_sent == tc_recv )) || echo "# NOTE: failures or losses above"
}

main() {
    build
    [[ -x $OURS_BIN && -x $SCALE ]] || die "build $OURS_BIN and $SCALE first"
    ! ss -lun "sport = :$PORT" | grep -q ":$PORT" || die "UDP port $PORT is in use"
    ulimit -n "$(ulimit -Hn)"
    local need_client=$((ALLOCATIONS / CLIENTS + 200))
    (($(ulimit -n) >= need_client)) || die "ulimit -n is $(ulimit -n); each client needs $need_client: raise CLIENTS"
    (($(ulimit -n) >= ALLOCATIONS + 200)) || die "ulimit -n is $(ulimit -n); the server needs $((ALLOCATIONS + 200))"

    WORK=$(mktemp -d /tmp/scale_15k.XXXXXX)
    SERVER_PID=""
    CLIENT_PIDS=()
    declare -gA SOCKETS_ON=()
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    write_config
    start_server
    sleep 0.5
    RSS_IDLE=$(rss_kib)
    echo "scale_15k: creating $ALLOCATIONS allocations from $CLIENTS processes" >&2
    start_clients
    wait_clients ready "$SETUP_TIMEOUT"
    sleep 1  # the last answers leave the server
    RSS_HELD=$(rss_kib)
    SERVER_FDS=$(fd_count)
    for ip in "${RELAY_IPS[@]}"; do SOCKETS_ON[$ip]=$(sockets_on "$ip"); done
    echo "scale_15k: holding them for $HOLD_SECONDS s with traffic on $SAMPLE_FLOWS" >&2
    UDP_DROPS_BEFORE=$(udp_counter RcvbufErrors)
    CPU_BEFORE=$(cpu_ns)
    WAIT_BEFORE=$(wait_ns)
    HOLD_START_NS=$(date +%s%N)
    kill -USR1 "${CLIENT_PIDS[@]}"
    wait_clients done $((HOLD_SECONDS + 30))
    HOLD_END_NS=$(date +%s%N)
    CPU_AFTER=$(cpu_ns)
    WAIT_AFTER=$(wait_ns)
    UDP_DROPS_AFTER=$(udp_counter RcvbufErrors)
    RSS_AFTER=$(rss_kib)
    kill -0 "$SERVER_PID" 2>/dev/null || die "turnserver died during the run"
    report
}

main "$@"
