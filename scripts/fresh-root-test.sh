#!/bin/bash
# scripts/fresh-root-test.sh [--keep] [--quickstart-only] [DIR]: the README's
# two commands on a Debian 12 machine that has nothing installed, as a new
# user runs them. Whatever this machine got by hand (packages, kernel headers,
# caches) is invisible there, so a missing install step fails here.
#
#   1. debootstrap bookworm (minbase) into DIR (default /var/tmp/bcc2core-fresh,
#      made anew), with this machine's apt sources;
#   2. a clean clone of this repository's HEAD at /root/bcc2core in it;
#   3. /proc, /sys, /sys/kernel/tracing, /sys/fs/bpf, /dev and /dev/pts bound
#      in (the kernel is shared: BPF runs as on the host);
#   4. chroot: ./scripts/quickstart.sh, then ./scripts/test.sh (the whole
#      suite; ctest's summary is printed), each with its exit status;
#   5. unmounts everything and removes DIR (--keep keeps it).
# Exits 0 only if both commands passed. Needs root and the Debian archive;
# takes 20-40 minutes (packages, build, the suite with its guest boots).
set -euo pipefail

keep=0 quick_only=0
while [[ $# -gt 0 ]]; do
	case $1 in
	--keep) keep=1; shift ;;
	--quickstart-only) quick_only=1; shift ;;
	-h | --help) sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
	-*) echo "fresh-root-test: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
dir=${1:-/var/tmp/bcc2core-fresh}
repo=$(cd "$(dirname "$0")/.." && pwd)
say() { printf '== fresh-root-test: %s\n' "$*"; }

[[ $(id -u) == 0 ]] || { echo "fresh-root-test: run as root (debootstrap, chroot, mounts)" >&2; exit 2; }
command -v debootstrap >/dev/null || {
	say "installing debootstrap"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
}

# the archive this machine's apt uses (deb822 sources, else sources.list)
mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null |
	grep -v security | head -n 1 || true)
[[ -n $mirror ]] || mirror=$(awk '$1 == "deb" && $0 !~ /security/ { print $2; exit }' \
	/etc/apt/sources.list 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}

mounts=()
cleanup() {
	local i
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
		umount -l "${mounts[i]}" 2>/dev/null || true
	done
	if [[ $keep == 0 ]]; then
		rm -rf --one-file-system "$dir"
	else
		say "kept $dir"
	fi
}
trap cleanup EXIT

rm -rf --one-file-system "$dir"
mkdir -p "$dir"
say "debootstrap bookworm into $dir from $mirror"
debootstrap --variant=minbase bookworm "$dir" "$mirror" >"$dir.debootstrap.log" 2>&1 ||
	{ tail -20 "$dir.debootstrap.log"; exit 1; }
rm -f "$dir.debootstrap.log"
# the same suites as this machine (updates, security: newer kernels' headers)
rm -f "$dir/etc/apt/sources.list"
cp -a /etc/apt/sources.list.d/. "$dir/etc/apt/sources.list.d/" 2>/dev/null || true
[[ -f /etc/apt/sources.list ]] && cp /etc/apt/sources.list "$dir/etc/apt/"
cp /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
# the images' minbase has no git; the clone is made here and copied in
say "clean clone of $(git -C "$repo" rev-parse --short HEAD) into /root/bcc2core"
git clone -q --no-hardlinks "$repo" "$dir/root/bcc2core"

bind() {	# bind SRC under the root, if SRC is a mount or directory here
	[[ -d $1 ]] || return 0
	mkdir -p "$dir$1"
	mount --bind "$1" "$dir$1"
	mounts+=("$dir$1")
}
bind /proc
bind /sys
mountpoint -q /sys/kernel/tracing && bind /sys/kernel/tracing
mountpoint -q /sys/fs/bpf && bind /sys/fs/bpf
bind /dev
bind /dev/pts

run_in_root() {
	chroot "$dir" /usr/bin/env -i HOME=/root TERM="${TERM:-dumb}" LANG=C.UTF-8 \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		/bin/bash -c "cd /root/bcc2core && $1"
}

status=0
say "./scripts/quickstart.sh"
qs=0
run_in_root ./scripts/quickstart.sh || qs=$?
say "quickstart.sh exit status $qs"
[[ $qs == 0 ]] || status=1
if [[ $quick_only == 0 ]]; then
	say "./scripts/test.sh"
	ts=0
	run_in_root ./scripts/test.sh || ts=$?
	say "test.sh exit status $ts"
	[[ $ts == 0 ]] || status=1
fi
say "$([[ $status == 0 ]] && echo PASSED || echo FAILED)"
exit $status
