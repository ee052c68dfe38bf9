#!/usr/bin/env bash
# kcost_guest.sh: in-kernel cost per event of the programs that read kernel
# structs (bench/kcost_structs) and of BCC tools of the corpus
# (compat-tests/corpus/tools, kcost.py --corpus), BCC against bcc2core, measured inside the
# QEMU guest lane, whose kernel (Debian's 6.1 by default) has the headers BCC
# compiles against, so BCC's program reads the right offsets there, as it
# does not on this host, and kprobes attach. Prints bench/kcost.py's table
# and geomean for each set, one guest boot per set.
#
# usage: kcost_guest.sh [--runs N] [--scale F] [--json FILE]
#                       [--set structs|corpus|both|helpers|e2e] [--corpus NAME,...] [--alone]
#                       [--chunks K] [--aa bcc|bcc2core] [--icount] [--full]
#   --set: which programs (default structs; helpers: bench/kcost's, in all
#   alone, by kcost_full.py: a loop of the syscall that fires each, so a
#   form's savings outside bpf_stats' window count); --corpus: which tools (default
#   kcost.py's list); e2e: the e2e matrix's programs, kcost.py --e2e, and
#   with --full every one whose sides differ in type in all (kcost_full.py
#   --from --every-differing), and a line per tool; --json FILE writes FILE (structs) and/or
#   FILE.corpus (corpus), FILE.helpers (helpers), FILE.e2e (e2e); --alone: one side at a time (kcost.py --alone);
#   --chunks, --aa: kcost.py's (workload pieces for the median column; an
#   A/A run, both sides the same program); --icount: the guest's clock
#   counts executed instructions (1 ns each; one vCPU), so a program's run
#   time is the instructions it ran, the same in every run (an A/A run
#   measures 1.00x), instead of TCG's host time, which moves with host load.
#   --full: after the corpus set, one more boot measures in all
#   (bench/kcost_full.py --from) the tools whose rows are above 1.00x with
#   BCC's and bcc2core's programs of different types (a kprobe against a
#   trampoline: bpf_stats times different windows); FILE.full with --json.
#   BCC2CORE_GUEST_KVER=6.1-rt|6.12 picks another guest kernel.
# Under TCG every figure is slow in absolute terms; the ratios compare two
# programs run on the same events in the same guest.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
runs=2 scale=0.1 json= set=structs corpus=default alone=() extra=() full=0
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift 2 ;;
	--scale) scale=$2; shift 2 ;;
	--json) json=$2; shift 2 ;;
	--set) set=$2; shift 2 ;;
	--corpus) corpus=$2; shift 2 ;;
	--alone) alone=(--alone); shift ;;
	--chunks | --aa) extra+=("$1" "$2"); shift 2 ;;
	--icount) export BCC2CORE_GUEST_ICOUNT=0 BCC2CORE_GUEST_SMP=1; shift ;;
	--full) full=1; shift ;;
	*) sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0" >&2; exit 2 ;;
	esac
done
out=$(mktemp -d /var/tmp/bcc2core-kcost-guest.XXXXXX)
trap 'rm -rf "$out"' EXIT
bin=${BCC2CORE:-$root/build/bin/bcc2core}
# one guest boot: a script of bench/ and its arguments
in_guest() {
	local rc=0
	"$root/compat-tests/guest/run-in-guest.sh" --timeout 3600 --rw "$out" \
		--env "BCC2CORE=$bin" -- /usr/bin/python3 "$@" || rc=$?
	if [ $rc -eq 77 ]; then
		echo "kcost_guest.sh: no guest lane here (QEMU or the guest kernel missing)" >&2
		exit 77
	fi
	return $rc
}
# one set in one guest boot: kcost.py's arguments for it
guest_kcost() {
	in_guest "$here/kcost.py" --runs "$runs" --scale "$scale" \
		--cache /tmp/bcc2core-kcost-cache ${alone[@]+"${alone[@]}"} ${extra[@]+"${extra[@]}"} "$@"
}
case $set in structs | corpus | both | helpers | e2e) ;; *) echo "kcost_guest.sh: bad --set $set" >&2; exit 2 ;; esac
rc=0
if [ "$set" = helpers ]; then
	echo "# helper-only programs (bench/kcost), in all (kcost_full.py)"
	tools=$(cd "$here/kcost" && ls -- *.bcc.c | sed 's/\.bcc\.c$//' | paste -sd,)
	in_guest "$here/kcost_full.py" --tools "$tools" --json "$out/kcost_helpers.json" || rc=$?
	[ -z "$json" ] || cp "$out/kcost_helpers.json" "$json.helpers" 2>/dev/null || true
	exit $rc
fi
if [ "$set" = e2e ]; then
	echo "# the e2e matrix's programs (compat-tests/guest/e2e_truth.py, kcost.py --e2e)"
	guest_kcost --e2e --json "$out/kcost_e2e.json" || rc=$?
	[ -z "$json" ] || cp "$out/kcost_e2e.json" "$json.e2e" 2>/dev/null || true
	if [ "$full" = 1 ] && [ -s "$out/kcost_e2e.json" ]; then
		echo
		echo "# in all: every program whose sides hook by different mechanisms (kcost_full.py --from --every-differing)"
		in_guest "$here/kcost_full.py" --from "$out/kcost_e2e.json" --every-differing \
			--json "$out/kcost_e2e_full.json" || rc=$?
		[ -z "$json" ] || cp "$out/kcost_e2e_full.json" "$json.e2e.full" 2>/dev/null || true
	fi
	exit $rc
fi
if [ "$set" != corpus ]; then
	echo "# struct readers (bench/kcost_structs)"
	guest_kcost --dir "$here/kcost_structs" --json "$out/kcost.json" || rc=$?
	[ -z "$json" ] || cp "$out/kcost.json" "$json" 2>/dev/null || true
fi
if [ "$set" != structs ]; then
	[ "$set" = corpus ] || echo
	echo "# corpus tools (compat-tests/corpus/tools, kcost.py --corpus)"
	guest_kcost --corpus "$corpus" --json "$out/kcost_corpus.json" || rc=$?
	[ -z "$json" ] || cp "$out/kcost_corpus.json" "$json.corpus" 2>/dev/null || true
	if [ "$full" = 1 ] && [ -s "$out/kcost_corpus.json" ]; then
		echo
		echo "# in all: the tools above 1.00x by different mechanisms (kcost_full.py --from)"
		in_guest "$here/kcost_full.py" --from "$out/kcost_corpus.json" \
			--json "$out/kcost_full.json" || rc=$?
		[ -z "$json" ] || cp "$out/kcost_full.json" "$json.full" 2>/dev/null || true
	fi
fi
exit $rc
