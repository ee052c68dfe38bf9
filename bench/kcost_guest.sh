#!/usr/bin/env bash
# kcost_guest.sh: in-kernel cost per event of the programs that read kernel
# structs (bench/kcost_structs), BCC against bcc2core, measured inside the
# QEMU guest lane, whose kernel (Debian's 6.1 by default) has the headers BCC
# compiles against, so BCC's program reads the right offsets there, as it
# does not on this host. Prints bench/kcost.py's table and geomean.
#
# usage: kcost_guest.sh [--runs N] [--scale F] [--json FILE]
#   BCC2CORE_GUEST_KVER=6.1-rt|6.12 picks another guest kernel.
# Under TCG every figure is slow in absolute terms; the ratios compare two
# programs run on the same events in the same guest.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
runs=2 scale=0.1 json=
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift 2 ;;
	--scale) scale=$2; shift 2 ;;
	--json) json=$2; shift 2 ;;
	*) sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0" >&2; exit 2 ;;
	esac
done
out=$(mktemp -d /var/tmp/bcc2core-kcost-guest.XXXXXX)
trap 'rm -rf "$out"' EXIT
bin=${BCC2CORE:-$root/build/bin/bcc2core}
rc=0
"$root/compat-tests/guest/run-in-guest.sh" --timeout 2400 --rw "$out" \
	--env "BCC2CORE=$bin" -- \
	/usr/bin/python3 "$here/kcost.py" --dir "$here/kcost_structs" --runs "$runs" \
	--scale "$scale" --cache /tmp/bcc2core-kcost-cache --json "$out/kcost.json" || rc=$?
if [ $rc -eq 77 ]; then
	echo "kcost_guest.sh: no guest lane here (QEMU or the guest kernel missing)" >&2
	exit 77
fi
[ -z "$json" ] || cp "$out/kcost.json" "$json" 2>/dev/null || true
exit $rc
