#!/usr/bin/env bash
# The Debian package of this build, as a user gets it:
#   - cpack makes turnrelay_<version>_<arch>.deb;
#   - dpkg-deb shows its metadata: name, version, architecture, the library
#     packages it depends on (dpkg-shlibdeps), Conflicts: coturn, the
#     conffiles and the postinst;
#   - dpkg -x unpacks it into a scratch root, where every file is where
#     Debian puts coturn's, the programs run from usr/bin, the man pages
#     render, the schema makes a database the packaged turnadmin writes to,
#     and the packaged turnsignal serves the packaged web client;
#   - `cmake --install` into another prefix keeps the same shape inside it,
#     the units naming the programs and config of that prefix.
#
#   deb_package.sh <build dir> <scratch dir> <source dir> <version>
set -euo pipefail
build=$1 scratch=$2 source=$3 version=$4

fail() { echo "FAIL: $*"; exit 1; }
pid=""
cleanup() { if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; }
trap cleanup EXIT

for tool in cpack dpkg dpkg-deb man sqlite3 file; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (scripts/deps.sh test)"
done
rm -rf "$scratch"
mkdir -p "$scratch"

programs=(turnserver turnsignal turnadmin turnctl turnutils_natdiscovery turnutils_rfc5769check)
man_pages=(man8/turnserver.8.gz man8/turnsignal.8.gz man1/turnadmin.1.gz man1/turnctl.1.gz man1/turnutils.1.gz
           man1/turnutils_natdiscovery.1.gz man1/turnutils_rfc5769check.1.gz)
units=()
for unit in "$source"/etc/*.service; do [[ -e $unit ]] && units+=("$(basename "$unit")"); done

make_package() {
    cpack -G DEB -B "$scratch/out" --config "$build/CPackConfig.cmake" >"$scratch/cpack.log" 2>&1 ||
        { cat "$scratch/cpack.log"; fail "cpack -G DEB"; }
    deb="$scratch/out/turnrelay_${version}_$(dpkg --print-architecture).deb"
    [[ -f $deb ]] || fail "no $deb: $(ls "$scratch/out")"
}

check_metadata() {
    dpkg-deb -I "$deb" >/dev/null || fail "dpkg-deb -I cannot read $deb"
    [[ $(dpkg-deb -f "$deb" Package) == turnrelay ]] || fail "Package: $(dpkg-deb -f "$deb" Package)"
    [[ $(dpkg-deb -f "$deb" Version) == "$version" ]] || fail "Version: $(dpkg-deb -f "$deb" Version)"
    [[ $(dpkg-deb -f "$deb" Architecture) == "$(dpkg --print-architecture)" ]] || fail "Architecture"
    [[ -n $(dpkg-deb -f "$deb" Maintainer) && -n $(dpkg-deb -f "$deb" Description) ]] || fail "no Maintainer or Description"
    [[ $(dpkg-deb -f "$deb" Conflicts) == coturn ]] || fail "Conflicts: $(dpkg-deb -f "$deb" Conflicts)"
    local depends
    depends=$(dpkg-deb -f "$deb" Depends)
    for package in adduser libc6 libstdc++6 libssl3 libsqlite3-0 libyaml-cpp libevent-core liburing; do
        [[ $depends == *"$package"* ]] || fail "Depends has no $package: $depends"
    done
    [[ $(dpkg-deb -I "$deb" conffiles) == $'/etc/turnserver.conf\n/etc/turnserver.yaml' ]] ||
        fail "conffiles: $(dpkg-deb -I "$deb" conffiles)"
    dpkg-deb -I "$deb" postinst | sh -n || fail "postinst is not a valid shell script"
    echo "metadata: Depends: $depends"
}

# Only Debian's places: /etc, /lib/systemd/system, /usr/bin, /usr/share.
check_places() {
    local stray
    stray=$(cd "$root" && find . \( -type f -o -type l \) | grep -vE '^\./(etc/[^/]+|lib/systemd/system/[^/]+|usr/bin/[^/]+|usr/share/(man|turnrelay|doc/turnrelay)/.+)$' || true)
    [[ -z $stray ]] || fail "files outside Debian's places: $stray"
    for p in "${programs[@]}"; do
        [[ -x $root/usr/bin/$p ]] || fail "no usr/bin/$p"
        [[ $(file -b "$root/usr/bin/$p") == *", stripped"* ]] || fail "usr/bin/$p is not stripped"
        "$root/usr/bin/$p" --help >/dev/null || fail "usr/bin/$p --help"
    done
    [[ $("$root/usr/bin/turnserver" --version) == "$version" ]] || fail "turnserver --version"
    [[ $("$root/usr/bin/turnsignal" --version) == "$version" ]] || fail "turnsignal --version"
    cmp "$root/etc/turnserver.conf" "$source/etc/turnserver.conf" || fail "etc/turnserver.conf differs"
    cmp "$root/etc/turnserver.yaml" "$source/etc/turnserver.yaml" || fail "etc/turnserver.yaml differs"
    for unit in "${units[@]}"; do
        cmp "$root/lib/systemd/system/$unit" "$source/etc/$unit" || fail "lib/systemd/system/$unit differs"
    done
    [[ -f $root/usr/share/doc/turnrelay/copyright ]] || fail "no usr/share/doc/turnrelay/copyright"
    diff -r "$root/usr/share/turnrelay/web" "$source/web" || fail "usr/share/turnrelay/web differs from web/"
}

check_man_pages() {
    local page warnings
    for page in "${man_pages[@]}"; do
        [[ -f $root/usr/share/man/$page ]] || fail "no usr/share/man/$page"
        warnings=$(MANWIDTH=80 man --warnings=w -l "$root/usr/share/man/$page" 2>&1 >/dev/null)
        [[ -z $warnings ]] || fail "$page: $warnings"
        LC_ALL=C MANWIDTH=80 man -l "$root/usr/share/man/$page" | grep -qx NAME || fail "$page renders no NAME"
    done
}

# The packaged schema makes a database the packaged turnadmin writes to.
check_schema() {
    local db=$scratch/turndb
    sqlite3 "$db" <"$root/usr/share/turnrelay/schema.sql" || fail "schema.sql does not load into sqlite3"
    "$root/usr/bin/turnadmin" -a -b "$db" -u alice -r example.org -p secret || fail "turnadmin -a on that database"
    [[ $("$root/usr/bin/turnadmin" -l -b "$db") == *alice* ]] || fail "turnadmin -l does not list alice"
    [[ $(sqlite3 "$db" "SELECT name FROM turnusers_lt") == alice ]] || fail "alice is not in turnusers_lt"
}

# turnsignal from <prefix>/bin serves <prefix>/share/turnrelay/web: start it
# on a free loopback port and GET /.
check_web_client() {
    local prefix=$1 log=$scratch/turnsignal.log port page
    for _ in 1 2 3 4 5 6 7 8; do
        port=$((20000 + RANDOM % 40000))
        "$prefix/bin/turnsignal" -n --signaling-listening-port "$port" --static-auth-secret s --log-file stdout \
            >"$log" 2>&1 &
        pid=$!
        for _ in $(seq 50); do
            grep -q "turnsignal started" "$log" && break
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        grep -q "turnsignal started" "$log" && break
        cleanup
        pid=""
    done
    grep -q "turnsignal started" "$log" || { cat "$log"; fail "$prefix/bin/turnsignal did not start"; }
    grep -q "web client: $prefix/share/turnrelay/web" "$log" || { cat "$log"; fail "turnsignal serves another web root"; }
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
    page=$(cat <&3)
    exec 3<&-
    cleanup
    pid=""
    [[ $page == "HTTP/1.1 200"* && $page == *"<title>turnrelay call</title>"* ]] || fail "GET / from turnsignal: $page"
}

# cmake --install under another prefix: the same shape inside it.
check_cmake_install() {
    local prefix=$scratch/local
    cmake --install "$build" --prefix "$prefix" >"$scratch/install.log" || { cat "$scratch/install.log"; fail "cmake --install"; }
    for f in bin/turnserver etc/turnserver.conf etc/turnserver.yaml share/man/man8/turnserver.8.gz \
             share/turnrelay/schema.sql share/turnrelay/web/index.html; do
        [[ -e $prefix/$f ]] || fail "cmake --install: no $f under the prefix"
    done
    for unit in "${units[@]}"; do
        grep -q "^ExecStart=$prefix/bin/turn[a-z]* -c $prefix/etc/turnserver.conf" "$prefix/lib/systemd/system/$unit" ||
            fail "cmake --install: $unit does not start the programs of the prefix"
    done
    check_web_client "$prefix"
}

make_package
check_metadata
root=$scratch/root
dpkg -x "$deb" "$root"
check_places
check_man_pages
check_schema
check_web_client "$root/usr"
check_cmake_install
echo "$(basename "$deb"): metadata, ${#programs[@]} programs, ${#man_pages[@]} man pages, ${#units[@]} units," \
     "config samples, schema and web client in place; cmake --install keeps the layout under a prefix"
