#!/usr/bin/env bash
# Installs what a step needs, only what is missing.
#   scripts/deps.sh build   compiler, CMake, Ninja and the libraries
#   scripts/deps.sh test    build + coturn (its turnutils_* are the independent
#                           clients), Chromium, Node.js and npm, iproute2, then
#                           the browser tests' npm packages
#                           (tests/browser/package-lock.json); man-db, dpkg-dev,
#                           file and sqlite3 for the man page and package tests
#   scripts/deps.sh fuzz    build + clang with libFuzzer
# As root it runs apt-get; otherwise it prints the command to run and fails.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${1:-build}
build_pkgs=(cmake ninja-build g++ pkg-config libevent-dev libssl-dev libsqlite3-dev libyaml-cpp-dev liburing-dev catch2 openssl)
case "$profile" in
  build) pkgs=("${build_pkgs[@]}") ;;
  # iproute2: the browser tests' network namespaces. man-db and groff-base
  # render the man pages, dpkg-dev (dpkg-shlibdeps) and file let cpack work
  # out the .deb's dependencies, sqlite3 loads its schema (tests/packaging).
  test)  pkgs=("${build_pkgs[@]}" coturn chromium libnss3-tools iproute2 man-db groff-base dpkg-dev file sqlite3) ;;
  fuzz)  pkgs=("${build_pkgs[@]}" clang libclang-rt-14-dev) ;;
  *) echo "deps.sh: unknown profile '$profile' (build, test or fuzz)" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
# Node.js and npm count as present when their commands are: NodeSource's
# nodejs bundles its own npm, which Debian's npm package would conflict with.
if [[ "$profile" == test ]]; then
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
fi

if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "deps.sh: missing packages: ${missing[*]}" >&2
    echo "deps.sh: run as root, or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "deps.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian's coturn package enables a system turnserver on 3478; tests use their own.
  if [[ " ${missing[*]} " == *" coturn "* ]] && command -v systemctl >/dev/null; then
    systemctl disable --now coturn >/dev/null 2>&1 || true
  fi
fi

# npm ci installs exactly what package-lock.json pins, but starts by deleting
# node_modules: run it only when the lock file is newer than the last install
# (npm writes node_modules/.package-lock.json at the end of one).
if [[ "$profile" == test ]]; then
  installed=tests/browser/node_modules/.package-lock.json
  if [[ ! "$installed" -nt tests/browser/package-lock.json ]]; then
    echo "deps.sh: npm ci in tests/browser"
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
