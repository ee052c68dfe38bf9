#!/bin/bash
# Golden rewrite tests, one case per call:
#   golden.sh convert  CASE   bcc2core convert CASE.bcc.c == CASE.expected.bpf.c
#   golden.sh compile  CASE   the expected output compiles (clang -target bpf)
#   golden.sh verify   CASE   bcc2core build + the kernel verifier accepts it
#                             (bpftool prog loadall; nothing left pinned)
# A case may carry flags in CASE.flags (one line: -D..., --attach ...).
set -euo pipefail

mode=$1 case=$2
: "${BCC2CORE:?set BCC2CORE to the bcc2core binary}"
dir=$(cd "$(dirname "$0")/../golden" && pwd)
input=$dir/$case.bcc.c
expected=$dir/$case.expected.bpf.c
flags=()
if [[ -f $dir/$case.flags ]]; then
	read -r -a flags < "$dir/$case.flags"
fi
work=$(mktemp -d)
pin=/sys/fs/bpf/bcc2core-test-$$
cleanup() {
	rm -rf "$work"
	[[ -e $pin ]] && rm -rf "$pin"
	return 0
}
trap cleanup EXIT

case $mode in
convert)
	"$BCC2CORE" convert "${flags[@]}" "$input" -o "$work/out.bpf.c"
	if [[ ${UPDATE_GOLDEN:-} == 1 ]]; then
		cp "$work/out.bpf.c" "$expected"
		echo "updated $expected"
	fi
	diff -u "$expected" "$work/out.bpf.c"
	;;
compile)
	# the expected file itself, with the flags bcc2core compiles with
	datadir=${BCC2CORE_DATADIR:?set BCC2CORE_DATADIR to the data directory}
	clang -target bpf -D__TARGET_ARCH_x86 -g -O2 -Wall -Werror -Wno-unused-variable \
		-Wno-unused-function -Wno-unused-but-set-variable -Wno-unused-value \
		-Wno-pointer-sign -Wno-compare-distinct-pointer-types \
		-I"$datadir" -idirafter "/usr/include/$(clang -print-multiarch)" \
		-c "$expected" -o "$work/out.bpf.o"
	;;
verify)
	if [[ $(id -u) != 0 ]]; then
		echo "SKIP: the verifier check needs root"
		exit 77
	fi
	if [[ -f $dir/$case.needs-guest ]]; then
		# fentry/fexit/LSM: this kernel refuses to load them (EPERM)
		echo "SKIP: $(cat "$dir/$case.needs-guest")"
		exit 77
	fi
	"$BCC2CORE" build "${flags[@]}" "$input" -o "$work/out.bpf.o"
	# every form this kernel loads (kprobe forms load without kprobes);
	# BTF-trampoline forms are reported, and verified in the guest lane
	"$BCC2CORE" verify "$work/out.bpf.o"
	;;
*)
	echo "usage: $0 convert|compile|verify CASE" >&2
	exit 2
	;;
esac
