#!/bin/sh
# The systemd units in etc/ (turnserver.service, turnsignal.service) as
# systemd itself reads them: `systemd-analyze verify` over copies whose
# ExecStart points at the binaries just built (the installed path may not
# exist here). Man pages are not checked (--man=no): they are not installed
# on a build machine.
#
#   verify_systemd_units.sh <etc dir> <turnserver binary> <turnsignal binary>
set -eu
etc=$1 turnserver=$2 turnsignal=$3
if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "systemd-analyze not installed: units not verified"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed "s|^ExecStart=/usr/bin/turnserver |ExecStart=$turnserver |" "$etc/turnserver.service" >"$work/turnserver.service"
sed "s|^ExecStart=/usr/bin/turnsignal |ExecStart=$turnsignal |" "$etc/turnsignal.service" >"$work/turnsignal.service"
for unit in turnserver turnsignal; do
    grep -q "^Type=notify$" "$work/$unit.service" || { echo "$unit.service: not Type=notify"; exit 1; }
done
grep -q "^LimitNOFILE=1048576$" "$work/turnserver.service" || { echo "turnserver.service: LimitNOFILE is not 1048576"; exit 1; }
# verify exits non-zero on fatal problems but only prints others (an
# unknown or misspelt key is ignored with a message): any output fails.
cd "$work"
if ! out=$(systemd-analyze verify --man=no ./turnserver.service ./turnsignal.service 2>&1) || [ -n "$out" ]; then
    echo "$out"
    exit 1
fi
echo "systemd-analyze verify: both units clean"
