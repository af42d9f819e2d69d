#!/usr/bin/env bash
# Installs the Debian packages a step needs, only those missing.
#   scripts/deps.sh build   compiler, CMake, Ninja and the libraries
#   scripts/deps.sh test    build + coturn (its turnutils_* are the independent clients)
#   scripts/deps.sh fuzz    build + clang with libFuzzer
# As root it runs apt-get; otherwise it prints the command to run and fails.
set -euo pipefail

build_pkgs=(cmake ninja-build g++ pkg-config libevent-dev libssl-dev libsqlite3-dev libyaml-cpp-dev catch2)
case "${1:-build}" in
  build) pkgs=("${build_pkgs[@]}") ;;
  test)  pkgs=("${build_pkgs[@]}" coturn) ;;
  fuzz)  pkgs=("${build_pkgs[@]}" clang libclang-rt-14-dev) ;;
  *) echo "deps.sh: unknown profile '$1' (build, test or fuzz)" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

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
