#!/usr/bin/env bash
# bench/run.sh: bcc2core's performance goals, measured in one run.
#
#   bench/run.sh [-n RUNS] [--drain-secs S] [--drain-runs R] [--rewrite-reps R]
#                [--tool-runs N] [--kcost-runs N] [--kcost-guest-runs N]
#                [--scale-runs N] [--scale-sizes "N..."]
#                [--only startup|drain|rewrite|tools|kcost|kcost-guest|kcost-libbpf|scale]...
#                [--corpus-limit K] [--nice N] [--report FILE]
#
# Needs root (BPF), a built tree (cmake --build build), gcc, libbpf-dev, clang;
# BCC's rows need python3-bpfcc (/usr/bin/python3) and Debian's 6.1 kernel
# headers (/lib/modules/6.1*/build), which BCC looks for in
# /lib/modules/$(uname -r): the script runs itself in a private mount
# namespace (unshare -m) with an overlay on /lib/modules adding the build
# and source links (a tmpfs its upper layer; the guest lane's boots still
# see every other kernel's directory), so the host's /lib/modules is never
# changed (without
# unshare(1): a symlink /lib/modules/$(uname -r), removed at the end). BCC
# then reads 6.1's struct offsets: wrong values, same timings.
#
# a. startup -- time from spawn to "all programs attached", and peak RSS, of
#    examples/execsnoop_ppid.bcc.c (a tracepoint reading task_struct), median
#    (and min) of RUNS runs, the variants interleaved run by run:
#      bcc2core run --no-btf-cache OBJ -- stamp     (full kernel BTF)
#      bcc2core run OBJ -- stamp                    (per-kernel BTF cache warm)
#      min_loader OBJ -- stamp                      (bench/min_loader.c, libbpf only)
#      min_loader --btf CACHED OBJ -- stamp         (same, the minimized BTF of the cache)
#      python3 bench/bcc_start.py PROG stamp        (BCC: BPF(text=...) attaches)
#    "attached" = the CLOCK_MONOTONIC time that bench/stamp (static, run by each
#    loader right after attaching, as `run OBJ -- CMD` runs CMD) writes, minus
#    the time bench/launch took just before fork()ing the loader. Nothing is
#    subtracted: the stamp row (launch -> stamp directly) is that method's own
#    fork+exec cost, included in every figure. Peak RSS = wait4()'s ru_maxrss
#    as `/usr/bin/time -f %M` reports it (launch is a small C program; a
#    /usr/bin/time cross-check of one run per variant is printed too).
# b. event drain -- bench/drain.bcc.c, 64 16-byte events per trigger, with
#    BPF_RINGBUF_OUTPUT and BPF_PERF_OUTPUT, under
#      bcc2core run --json OBJ -- drain_load S >/dev/null
#      python3 bench/bcc_drain.py            (Python callback that counts)
#      python3 bench/bcc_drain.py --json     (callback decodes + prints JSON)
#    drain_load arms a timerfd in a loop for S seconds on CPU 0 (the reader is
#    on CPU 1: taskset), then reads the BPF counters: delivered = submitted -
#    failed (buffer full; for perf buffers the kernel reports those as lost),
#    rate = delivered / S (what is still buffered when the load stops, at most
#    a buffer's worth, is read after it: <1% of a run here). One bcc2core run
#    per variant writes to a file instead, to check that every delivered event
#    came out (and that the lost records do not exceed the failures). A
#    diagnostic row repeats the bcc2core runs with stdout fully buffered
#    (bench/fullbuf.c, LD_PRELOAD): bcc2core flushes stdout after each batch
#    of events (and line-buffers it on a terminal). Another is min_loader
#    --drain, a libbpf reader of the same buffers that never sleeps and only
#    counts: where it and bcc2core drop nothing, the producer sets the rate,
#    not the reader. (A ring buffer's producer has run slower under it than
#    under bcc2core: no ceiling there.)
# c. memory under load -- bcc2core's peak RSS over a short (0.5 s) and a full
#    drain run: bounded if the full run's peak is within 10% of the short one's.
# d. rewrite -- for compat-tests/corpus/tools/*.bcc.c and
#    compat-tests/golden/*.bcc.c (flags from .bcc.args / .flags), wall time of
#    `bcc2core convert`, of `bcc2core -v build`, and of the clang command that
#    build printed (-v), run on convert's output: the three interleaved, REPS
#    times, median of each (the first file is built once before, to warm the
#    page cache); files that do not convert or compile are skipped and named.
# e. tools -- Debian's execsnoop, opensnoop, runqlat and syscount
#    (/usr/sbin/TOOL-bpfcc, unmodified, no arguments), each run by
#    /usr/bin/python3 under BCC and under bcc2core's drop-in bcc package
#    (PYTHONPATH=`bcc2core python-path`, its object cache filled once by
#    `bcc2core port TOOL` before any timing: a miss would build in a child),
#    and `python3 -c 'import bcc; print("ok")'` under both. bench/first_line
#    takes CLOCK_MONOTONIC just before fork(), reads the tool's stdout and
#    stderr from pipes (PYTHONUNBUFFERED=1 for both) and records when the
#    first line arrives (the tools print their header, or runqlat's and
#    syscount's "Tracing ..." line, once attached); then it runs the same
#    workload for every tool (10 x /bin/true + /bin/cat), waits 300 ms and
#    sends SIGINT. Peak RSS = wait4()'s ru_maxrss of the tool over its whole
#    run (no children with the cache filled), VmHWM at the first line beside
#    it. Every variant runs once to warm up (page cache, byte code under
#    PYTHONPYCACHEPREFIX in the work directory, the drop-in's BTF cache),
#    then N times (--tool-runs, 5), all variants interleaved; median and min.
#    A tool whose BCC run fails before its first line (a kprobe this kernel
#    cannot attach) gets the time of its first stderr line: a lower bound,
#    and its ratios are marked >=. Every run that printed is checked for the
#    workload in its output (execsnoop: the marker argument, opensnoop: the
#    path, runqlat: the histogram, syscount: the table).
# f. kcost -- in-kernel cost per event (bench/kcost.py): each
#    bench/kcost/*.bcc.c loaded under BCC and as the bcc2core object at
#    once, same hook, same workload, kernel.bpf_stats_enabled; ns/event
#    (over --kcost-runs, 6, each side loaded first in half), run counts,
#    translated/jited sizes, geomean of the ratios. Only programs that read
#    no kernel struct: on this host BCC reads those at wrong offsets.
# g. scale -- time to attached and peak RSS against the number of programs
#    in one object, for N in --scale-sizes ("1 10 50 200"): a generated BCC
#    source with N TRACEPOINT_PROBEs (distinct syscalls' enter tracepoints,
#    each reading task->real_parent->tgid: CO-RE relocations, as tools have)
#    and ceil(N/4) syscall__ kprobes on other syscalls, built by `bcc2core
#    build`: each TRACEPOINT_PROBE as a tracepoint and an fentry form, each
#    syscall__ as ksyscall/NAME, its fentry form and its tracepoint
#    fallback NAME__tp (a kernel without kprobes or trampolines runs the
#    last). Per N, interleaved (each round starting one variant later, 0.2 s
#    apart), --scale-runs (7) runs each after a warm-up (3x as many for
#    N <= 10), as in a. (launch + stamp), median (and the ratio of the
#    fastest runs; wait4()'s CPU time of each run as a diagnostic):
#      bcc2core run --no-btf-cache OBJ -- stamp
#      min_loader --skip <unused forms> OBJ -- stamp
#      bcc2core run OBJ -- stamp                    (BTF cache warm)
#      min_loader --btf CACHED --skip <unused forms> OBJ -- stamp
#      min_loader --btf CACHED --idle <unused forms> OBJ -- stamp (diag.:
#        the unused forms loaded too, not attached; fentry forms are left
#        out where run -v says this kernel refuses trampolines)
#    min_loader's unused forms are the ones a hand-written loader would leave
#    out here (bpf_program__set_autoload(false)): every program `run -v`
#    does not attach (run picks a trampoline where the kernel allows one,
#    else a kprobe, else the tracepoint). Programs loaded = the
#    loader's bpf-prog file descriptors (/proc/PID/fd), counted by its CMD
#    once attached; in the object = its program sections.
# h. kcost-guest -- the same for bench/kcost_structs/*.bcc.c, programs that
#    read the current task's fields, inside the QEMU guest lane (Debian's
#    6.1 kernel, where BCC compiles against matching headers), by
#    bench/kcost_guest.sh --icount (--kcost-guest-runs, 2; workloads at 0.1
#    of the host's: TCG runs them ~30x slower; the guest's clock counts
#    executed instructions, so a run time is the instructions a program ran,
#    not TCG's host time, which host load moves by +-30%), and for corpus
#    tools whose probes fire under one generic workload (kcost.py --corpus
#    default, a row per tool/program), each set in its own guest boot, with
#    goals for each; rows above 1.00x whose sides hook by different
#    mechanisms (BCC's kprobe, bcc2core's trampoline: bpf_stats times them in
#    different windows) are measured once more in all, kcost_full.py (a loop
#    of the syscall that fires them, the guest's time with nothing, BCC's or
#    bcc2core's tool attached), and count so for "none above 1.00x"; then
#    the corpus set once more as an A/A run (both sides
#    bcc2core's object, kcost.py --aa): the band equal code lands in (1.00x
#    under --icount), the noise every row above is read against. Also
#    bench/kcost/*.bcc.c (section f's, on this host) in all there
#    (kcost_guest.sh --set helpers), with goals; and the e2e matrix's
#    programs (compat-tests/guest/e2e_truth.py, kcost_guest.sh --set e2e
#    --full), with goals. Skipped without the guest lane.
# i. kcost-libbpf -- the converted BCC tools (/usr/sbin/TOOL-bpfcc under the
#    drop-in) against Debian's hand-written libbpf-tools ports (/usr/sbin/TOOL),
#    both at once on this host (both CO-RE: no BCC), in-kernel time of all of
#    each tool's programs over one workload, by bench/kcost_libbpf_tools.py
#    (2 runs, workload at 0.1). Skipped without libbpf-tools.
#
# Prints the tables and a summary of the goals (PASS/MISS). Knobs: -n (10),
# --drain-secs (2), --drain-runs (3), --rewrite-reps (3), --tool-runs (5),
# --scale-runs (7; a run of 200 tracepoints takes ~13 s to detach),
# --scale-sizes, --only (repeatable),
# --corpus-limit (first K corpus files, for a quick look), --nice N (-10: the
# script and all it measures run at that niceness, and so does the autogroup
# of its session (/proc/PID/autogroup, put back at the end), so that other
# sessions' load on a shared machine disturbs the figures less; 0 = as
# started), --report FILE (a copy of the output). BCC2CORE=path picks another
# bcc2core binary.
set -euo pipefail

if [ -z "${BENCH_IN_NS:-}" ] && [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
	export BENCH_IN_NS=1
	exec unshare --mount --propagation private bash "$0" "$@"
fi

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin=${BCC2CORE:-$root/build/bin/bcc2core}
runs=10
drain_secs=2
drain_runs=3
rewrite_reps=3
tool_runs=5
kcost_runs=6
kcost_guest_runs=2
scale_runs=7
scale_sizes="1 10 50 200"
corpus_limit=0
nice_level=-10
report=
only=()
while [ $# -gt 0 ]; do
	case "$1" in
	-n) runs=$2; shift 2 ;;
	--drain-secs) drain_secs=$2; shift 2 ;;
	--drain-runs) drain_runs=$2; shift 2 ;;
	--rewrite-reps) rewrite_reps=$2; shift 2 ;;
	--tool-runs) tool_runs=$2; shift 2 ;;
	--kcost-runs) kcost_runs=$2; shift 2 ;;
	--kcost-guest-runs) kcost_guest_runs=$2; shift 2 ;;
	--scale-runs) scale_runs=$2; shift 2 ;;
	--scale-sizes) scale_sizes=$2; shift 2 ;;
	--only) only+=("$2"); shift 2 ;;
	--corpus-limit) corpus_limit=$2; shift 2 ;;
	--nice) nice_level=$2; shift 2 ;;
	--report) report=$2; shift 2 ;;
	-h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
	esac
done
want() { # SECTION
	[ ${#only[@]} -eq 0 ] && return 0
	local s
	for s in "${only[@]}"; do [ "$s" = "$1" ] && return 0; done
	return 1
}
if [ -n "$report" ]; then
	exec > >(tee "$report")
fi
if [ "$(id -u)" != 0 ]; then
	echo "run.sh: needs root (BPF)" >&2
	exit 2
fi
if [ ! -x "$bin" ]; then
	echo "run.sh: $bin not built (cmake --build $root/build -j2)" >&2
	exit 2
fi

t_start=$(date +%s.%N)
ag=/proc/$$/autogroup
ag_old=
work=$(mktemp -d /var/tmp/bcc2core-bench.XXXXXX)
kdir=/lib/modules/$(uname -r)
made_kdir=
overlay=
cleanup() {
	if [ -n "$overlay" ]; then
		umount /lib/modules "$work/modules" 2>/dev/null || true
	fi
	if [ -n "$ag_old" ]; then
		echo "$ag_old" >"$ag" 2>/dev/null || true
	fi
	if [ -n "$made_kdir" ] && [ -L "$kdir" ]; then
		rm -f "$kdir"
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# niceness only orders tasks within an autogroup (a session); against other
# sessions' work it is the autogroup's own nice that counts: set both, and
# put the autogroup's back at the end
if [ "$nice_level" != 0 ]; then
	renice -n "$nice_level" -p $$ >/dev/null
	if [ -w "$ag" ]; then
		ag_old=$(awk '{ print $NF }' "$ag")
		echo "$nice_level" >"$ag" 2>/dev/null || ag_old=
	fi
fi
# the BTF cache of these runs only: empty now, filled by the first run
export BCC2CORE_CACHE_DIR=$work/cache
unset BCC2CORE_NO_BTF_CACHE

# ---------------------------------------------------------------- helpers
cc() { gcc -O2 -Wall "$@"; }
cc -static -o "$work/stamp" "$here/stamp.c" 2>/dev/null || cc -o "$work/stamp" "$here/stamp.c"
cc -o "$work/launch" "$here/launch.c"
cc -I"$root/runtime" -o "$work/min_loader" "$here/min_loader.c" -lbpf
cc -o "$work/drain_load" "$here/drain_load.c" -lbpf
cc -shared -fPIC -o "$work/fullbuf.so" "$here/fullbuf.c" -ldl
cc -o "$work/first_line" "$here/first_line.c"
stamp=$work/stamp
stampf=$work/stamp.out
# unattached_forms OBJ RUNV: the programs of OBJ that `bcc2core run -v`
# does not attach on this kernel, one "SECTION NAME" line each (a loader
# written for this kernel would leave them out: a trampoline where the
# kernel allows one, else a kprobe, else the tracepoint); run's output in RUNV
unattached_forms() {
	"$bin" run -v "$1" -- true >"$2" 2>&1
	llvm-objdump -t "$1" | awk '$3 == "F" && $4 != ".text" { print $4, $NF }' |
		while read -r sec u; do
			grep -q "^bcc2core: $u: attached (" "$2" || echo "$sec $u"
		done
}
launch=$work/launch

# fields of launch's output line: L_attach_ms L_rss_kb L_wall_ms L_cpu_ms L_status
measure() { # OUTFILE -- CMD...
	local out=$1 line
	shift
	line=$("$launch" -s "$stampf" -o "$out" -e "$work/err" "$@")
	L_status=$(sed -n 's/.* status=\([0-9-]*\).*/\1/p' <<<"$line")
	L_rss_kb=$(sed -n 's/.* maxrss_kb=\([0-9]*\).*/\1/p' <<<"$line")
	L_wall_ms=$(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^wall_ns=/) { sub(/wall_ns=/, "", $i); printf "%.3f", $i / 1e6 } }' <<<"$line")
	L_attach_ms=$(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^attach_ns=/) { sub(/attach_ns=/, "", $i); printf "%.3f", ($i < 0 ? -1 : $i / 1e6) } }' <<<"$line")
	L_cpu_ms=$(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^cpu_ns=/) { sub(/cpu_ns=/, "", $i); printf "%.3f", $i / 1e6 } }' <<<"$line")
	if [ "$L_status" != 0 ]; then
		echo "run.sh: '$*' exited with status $L_status:" >&2
		tail -20 "$work/err" >&2
		exit 1
	fi
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (!NR) { print "nan"; exit } print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
minimum() { sort -g | head -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0 || a == "nan" || b == "nan") print "nan"; else printf "%.2f", a / b }'; }
fmt() { awk -v v="$1" -v f="${2:-%.1f}" 'BEGIN { if (v == "nan" || v == "") print "n/a"; else printf f, v }'; }
# pass_if VALUE OP LIMIT -> PASS/MISS/n/a
pass_if() { awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
	if (v == "nan" || v == "" || v == "n/a") { print "n/a"; exit }
	ok = (op == "<=") ? (v + 0 <= l + 0) : (v + 0 >= l + 0); print ok ? "PASS" : "MISS" }'; }
cached_of() { # OBJ: the cache file run uses for OBJ (as -v says)
	"$bin" -v run "$1" -- true 2>&1 >/dev/null | sed -n 's/^bcc2core: using cached minimized kernel BTF //p'
}
summary=()
goal() { # TEXT VALUE STATUS
	summary+=("$(printf '%-62s | %-30s | %s' "$1" "$2" "$3")")
}

# ---------------------------------------------------------------- BCC setup
bcc_ok=0
if /usr/bin/python3 -c 'import bcc' 2>/dev/null; then
	hdr=$(ls -d /lib/modules/6.1*/build 2>/dev/null | head -1 || true)
	if [ ! -e "$kdir/build" ] && [ -n "$hdr" ]; then
		hsrc=$(realpath "$(dirname "$hdr")/source")
		hdr=$(realpath "$hdr")
		# private mount namespace: gone with this script. An overlay, not a
		# tmpfs over /lib/modules: a guest boot shares the root as this
		# process sees it, and needs the guest kernels' directories there
		if [ -n "${BENCH_IN_NS:-}" ] && mkdir "$work/modules" &&
			mount -t tmpfs -o mode=0755 bcc2core-bench "$work/modules" &&
			mkdir "$work/modules/upper" "$work/modules/work" &&
			mount -t overlay bcc2core-bench -o "lowerdir=/lib/modules,upperdir=$work/modules/upper,workdir=$work/modules/work" /lib/modules; then
			overlay=1
			mkdir "$kdir"
			ln -s "$hdr" "$kdir/build"
			ln -s "$hsrc" "$kdir/source"
		elif [ ! -e "$kdir" ]; then
			ln -s "$(dirname "$(ls -d /lib/modules/6.1*/build | head -1)")" "$kdir"
			made_kdir=1
		fi
	fi
	[ -e "$kdir/build" ] && bcc_ok=1
fi
[ "$bcc_ok" = 1 ] || echo "run.sh: BCC or kernel headers missing: BCC rows skipped" >&2

# ---------------------------------------------------------------- machine
echo "# bcc2core benchmarks"
echo
echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "commit:   $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD -- rewriter runtime frontend data python 2>/dev/null || echo ' (+ uncommitted changes)')"
echo "kernel:   $(uname -r); $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')); $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "tools:    libbpf $(dpkg-query -W -f '${Version}' libbpf1 2>/dev/null || echo '?'); $("$bin" --version 2>/dev/null | head -1 || echo bcc2core); $(/usr/bin/python3 -c 'import bcc; print("BCC", bcc.__version__)' 2>/dev/null || echo 'no BCC'); $(clang --version | head -1); $(/usr/bin/python3 --version 2>&1)"
echo "settings: runs=$runs drain_secs=$drain_secs drain_runs=$drain_runs rewrite_reps=$rewrite_reps tool_runs=$tool_runs scale_runs=$scale_runs nice=$(ps -o ni= -p $$ | tr -d ' ') ($(cat "$ag" 2>/dev/null || echo 'no autogroup'))"
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min); busiest processes over 1 s:"
top -b -n 2 -d 1 -o %CPU -w 200 2>/dev/null | awk '/^top -/ { n++ } n == 2 && $1 ~ /^[0-9]+$/ && $9 + 0 > 5 { printf "            %5.1f%% %s\n", $9, $12 }' | head -3 || true
echo

# ================================================================ a. startup
if want startup; then
	prog=$root/examples/execsnoop_ppid.bcc.c
	obj=$work/execsnoop_ppid.bpf.o
	"$bin" build "$prog" -o "$obj"
	# the first run fills the BTF cache (bpftool gen min_core_btf at exit)
	measure /dev/null -- "$bin" run "$obj" -- "$stamp" "$stampf"
	first_wall=$L_wall_ms
	first_attach=$L_attach_ms
	cached=$(cached_of "$obj")
	if [ -z "$cached" ] || [ ! -f "$cached" ]; then
		echo "run.sh: the first run left no cached BTF in $BCC2CORE_CACHE_DIR" >&2
		exit 1
	fi
	# diagnostic: the same object without DWARF (llvm-strip -g keeps .BTF)
	sobj=$work/execsnoop_ppid.stripped.bpf.o
	llvm-strip -g -o "$sobj" "$obj"
	"$bin" run "$sobj" -- true >/dev/null
	scached=$(cached_of "$sobj")
	variants=(stamp b2c_cold b2c_warm min_full min_cached b2c_warm_s min_cached_s)
	[ "$bcc_ok" = 1 ] && variants+=(bcc)
	declare -A label=(
		[stamp]="stamp alone (launch -> stamp: the method's own cost)"
		[b2c_cold]="bcc2core run --no-btf-cache (full kernel BTF)"
		[b2c_warm]="bcc2core run, BTF cache warm"
		[min_full]="min_loader (libbpf, full kernel BTF)"
		[min_cached]="min_loader --btf <cached minimized BTF>"
		[bcc]="BCC (python3, from bcc import BPF)"
		[b2c_warm_s]="diag.: bcc2core run, cache warm, object without DWARF"
		[min_cached_s]="diag.: min_loader --btf <cached>, object without DWARF"
	)
	vcmd() { # VARIANT -> sets CMD
		case "$1" in
		stamp) CMD=("$stamp" "$stampf") ;;
		b2c_cold) CMD=("$bin" run --no-btf-cache "$obj" -- "$stamp" "$stampf") ;;
		b2c_warm) CMD=("$bin" run "$obj" -- "$stamp" "$stampf") ;;
		min_full) CMD=("$work/min_loader" "$obj" -- "$stamp" "$stampf") ;;
		min_cached) CMD=("$work/min_loader" --btf "$cached" "$obj" -- "$stamp" "$stampf") ;;
		bcc) CMD=(/usr/bin/python3 "$here/bcc_start.py" "$prog" "$stamp" "$stampf") ;;
		b2c_warm_s) CMD=("$bin" run "$sobj" -- "$stamp" "$stampf") ;;
		min_cached_s) CMD=("$work/min_loader" --btf "$scached" "$sobj" -- "$stamp" "$stampf") ;;
		esac
	}
	for v in "${variants[@]}"; do	# warm-up: page cache, BCC's first compile
		vcmd "$v"
		measure /dev/null -- "${CMD[@]}"
		: >"$work/$v.t"
		: >"$work/$v.m"
	done
	for ((i = 0; i < runs; i++)); do
		for v in "${variants[@]}"; do
			vcmd "$v"
			measure /dev/null -- "${CMD[@]}"
			echo "$L_attach_ms" >>"$work/$v.t"
			echo "$L_rss_kb" >>"$work/$v.m"
		done
	done
	declare -A T TMIN M X
	for v in "${variants[@]}"; do
		T[$v]=$(median <"$work/$v.t")
		TMIN[$v]=$(minimum <"$work/$v.t")
		M[$v]=$(median <"$work/$v.m")
		vcmd "$v"
		/usr/bin/time -f %M -o "$work/time.out" "${CMD[@]}" >/dev/null 2>"$work/err"
		X[$v]=$(tail -1 "$work/time.out")
	done
	echo "## a. startup: $(basename "$prog"), spawn -> all programs attached ($runs runs)"
	echo
	printf '%-56s | %9s | %9s | %9s | %12s\n' loader "median ms" "min ms" "RSS MiB" "time -f %M"
	printf '%-56s-|-%9s-|-%9s-|-%9s-|-%12s\n' "$(printf -- '-%.0s' {1..56})" --------- --------- --------- ------------
	for v in "${variants[@]}"; do
		printf '%-56s | %9s | %9s | %9s | %9s KiB\n' "${label[$v]}" "$(fmt "${T[$v]}" %.2f)" \
			"$(fmt "${TMIN[$v]}" %.2f)" "$(fmt "$(awk -v k="${M[$v]}" 'BEGIN { print k / 1024 }')" %.2f)" "${X[$v]}"
	done
	echo
	echo "first run of this object on this kernel (fills the BTF cache): attached in $(fmt "$first_attach" %.2f) ms, $(fmt "$first_wall" %.0f) ms in all"
	echo "cached minimized BTF: $(stat -c %s "$cached") bytes; full kernel BTF: $(stat -c %s /sys/kernel/btf/vmlinux) bytes"
	echo "object: $(stat -c %s "$obj") bytes as built, $(stat -c %s "$sobj") without DWARF (the diag. rows)"
	echo
	r_cold_t=$(ratio "${T[b2c_cold]}" "${T[min_full]}")
	r_cold_m=$(ratio "${M[b2c_cold]}" "${M[min_full]}")
	r_warm_t=$(ratio "${T[b2c_warm]}" "${T[min_cached]}")
	r_warm_m=$(ratio "${M[b2c_warm]}" "${M[min_cached]}")
	printf 'bcc2core cold / min_loader (full BTF):      time %sx, RSS %sx\n' "$r_cold_t" "$r_cold_m"
	printf 'bcc2core warm / min_loader (minimized BTF): time %sx, RSS %sx\n' "$r_warm_t" "$r_warm_m"
	goal "startup: run (cold) vs min libbpf loader, time <= 1.2x" "${r_cold_t}x" "$(pass_if "$r_cold_t" '<=' 1.2)"
	goal "startup: run (cold) vs min libbpf loader, RSS <= 1.2x" "${r_cold_m}x" "$(pass_if "$r_cold_m" '<=' 1.2)"
	goal "startup: run (cache) vs min loader + min. BTF, time <= 1.2x" "${r_warm_t}x ($(fmt "${T[b2c_warm]}" %.1f) ms)" "$(pass_if "$r_warm_t" '<=' 1.2)"
	goal "startup: run (cache) vs min loader + min. BTF, RSS <= 1.2x" "${r_warm_m}x ($(fmt "$(awk -v k="${M[b2c_warm]}" 'BEGIN { print k / 1024 }')" %.1f) MiB)" "$(pass_if "$r_warm_m" '<=' 1.2)"
	if [ "$bcc_ok" = 1 ]; then
		b_cold_t=$(ratio "${T[bcc]}" "${T[b2c_cold]}")
		b_cold_m=$(ratio "${M[bcc]}" "${M[b2c_cold]}")
		b_warm_t=$(ratio "${T[bcc]}" "${T[b2c_warm]}")
		b_warm_m=$(ratio "${M[bcc]}" "${M[b2c_warm]}")
		printf 'BCC / bcc2core cold:                        time %sx, RSS %sx\n' "$b_cold_t" "$b_cold_m"
		printf 'BCC / bcc2core warm:                        time %sx, RSS %sx\n' "$b_warm_t" "$b_warm_m"
		goal "startup: BCC / run (cold), time >= 40x" "${b_cold_t}x" "$(pass_if "$b_cold_t" '>=' 40)"
		goal "startup: BCC / run (cold), RSS >= 10x" "${b_cold_m}x" "$(pass_if "$b_cold_m" '>=' 10)"
		goal "startup: BCC / run (cache), time >= 100x" "${b_warm_t}x" "$(pass_if "$b_warm_t" '>=' 100)"
		goal "startup: BCC / run (cache), RSS >= 50x" "${b_warm_m}x" "$(pass_if "$b_warm_m" '>=' 50)"
	else
		goal "startup: BCC / run (cold and cache)" "no BCC" "n/a"
	fi
	echo
fi

# ================================================================ b/c. drain
if want drain; then
	dsrc=$here/drain.bcc.c
	"$bin" build -DRINGBUF "$dsrc" -o "$work/drain_ring.bpf.o"
	"$bin" build "$dsrc" -o "$work/drain_perf.bpf.o"
	pin_reader=()
	pin_load=()
	if [ "$(nproc)" -ge 2 ]; then
		pin_reader=(taskset -c 1)
		pin_load=(0)
	fi
	res=$work/drain.res
	kv() { sed -n "s/.*\\b$1=\\(-\\{0,1\\}[0-9]*\\).*/\\1/p" "$2"; }
	declare -A DCHK BCHK NCHK DSHORT
	# one run of a reader over drain_load; appends to d.READER.VARIANT:
	# delivered/s, reader CPU %, delivered per reader CPU-s, RSS KiB,
	# submitted/s, % dropped
	drain_run() { # READER VARIANT -- CMD... (CMD then gets -- drain_load ...)
		local rd=$1 v=$2 s f e c n out=/dev/null
		shift 3
		[ "$rd" = null ] && out=$work/nres
		measure "$out" -- "$@" -- "$work/drain_load" "$drain_secs" "$res" "${pin_load[@]}"
		s=$(kv submitted "$res")
		f=$(kv failed "$res")
		e=$(kv elapsed_ns "$res")
		c=$(kv reader_cpu_ns "$res")
		n=$((s - f))
		case "$rd" in
		bcc*)
			if [ "$(kv received "$work/bres")" != "$n" ]; then
				BCHK[$v]="$v: BCC received $(kv received "$work/bres") of $n delivered"
			fi ;;
		null)
			if [ "$(kv received "$work/nres")" != "$n" ]; then
				NCHK[$v]="$v: the counting reader received $(kv received "$work/nres") of $n delivered"
			fi ;;
		esac
		awk -v n="$n" -v s="$s" -v f="$f" -v e="$e" -v c="${c:-0}" -v m="$L_rss_kb" 'BEGIN {
			printf "%.0f %.1f %.0f %d %.0f %.1f\n", n / (e / 1e9), 100 * c / e,
				(c > 0 ? n / (c / 1e9) : "nan"), m, s / (e / 1e9), 100 * f / s }' >>"$work/d.$rd.$v"
	}
	for v in ring perf; do
		o=$work/drain_$v.bpf.o
		# fill the BTF cache for this object (bpftool runs at exit: not measured)
		measure /dev/null -- "$bin" run --json "$o" -- "$work/drain_load" 0.1 "$res" "${pin_load[@]}"
		# check run: every delivered event printed, lost records = failures
		measure "$work/check.json" -- "${pin_reader[@]}" "$bin" run --json "$o" -- "$work/drain_load" 0.5 "$res" "${pin_load[@]}"
		want_n=$(($(kv submitted "$res") - $(kv failed "$res")))
		got_n=$(grep -c '^{"type":"event"' "$work/check.json" || true)
		lost_n=$(awk -F'"count":' '/^\{"type":"lost"/ { s += $2 + 0 } END { print s + 0 }' "$work/check.json")
		lost_txt=
		[ "$v" = ring ] || lost_txt=", lost $lost_n of $(kv failed "$res") failed"
		# the kernel reports lost perf records with the next record it writes:
		# failures after the last one are never reported, so lost <= failed
		if [ "$got_n" = "$want_n" ] && { [ "$v" = ring ] || [ "$lost_n" -le "$(kv failed "$res")" ]; }; then
			DCHK[$v]="ok: $got_n of $want_n delivered printed$lost_txt"
		else
			DCHK[$v]="MISMATCH: printed $got_n of $want_n delivered$lost_txt"
		fi
		rm -f "$work/check.json"
		# short run: the RSS baseline for "bounded"
		measure /dev/null -- "${pin_reader[@]}" "$bin" run --json "$o" -- "$work/drain_load" 0.5 "$res" "${pin_load[@]}"
		DSHORT[$v]=$L_rss_kb
		# diagnostic: min_loader reading the buffer in a loop that never
		# sleeps and only counts (the forms run does not attach left out)
		nskip=()
		while read -r _ u; do
			nskip+=(--skip "$u")
		done < <(unattached_forms "$o" "$work/drain-run-v")
		for ((i = 0; i < drain_runs; i++)); do
			drain_run b2c "$v" -- "${pin_reader[@]}" "$bin" run --json "$o"
			drain_run null "$v" -- "${pin_reader[@]}" "$work/min_loader" "${nskip[@]}" --drain events "$o"
			# diagnostic: the same with stdout fully buffered (bench/fullbuf.c)
			drain_run b2c_fb "$v" -- env LD_PRELOAD="$work/fullbuf.so" "${pin_reader[@]}" "$bin" run --json "$o"
			if [ "$bcc_ok" = 1 ]; then
				drain_run bcc "$v" -- "${pin_reader[@]}" /usr/bin/python3 "$here/bcc_drain.py" "$v" "$dsrc" "$work/bres"
			fi
		done
		if [ "$bcc_ok" = 1 ]; then
			drain_run bcc_json "$v" -- "${pin_reader[@]}" /usr/bin/python3 "$here/bcc_drain.py" --json "$v" "$dsrc" "$work/bres"
		fi
	done
	# column N (1 rate, 2 reader CPU share, 3 events per reader CPU-second,
	# 4 RSS, 5 submitted/s, 6 % dropped) of a reader's runs: median, or max
	col() { # READER VARIANT N [max]
		[ -s "$work/d.$1.$2" ] || { echo nan; return; }
		if [ "${4:-}" = max ]; then
			awk -v n="$3" '{ print $n }' "$work/d.$1.$2" | sort -g | tail -1
		else
			awk -v n="$3" '{ print $n }' "$work/d.$1.$2" | median
		fi
	}
	mev() { awk -v r="$1" 'BEGIN { if (r == "" || r == "nan") print "n/a"; else printf "%.3f", r / 1e6 }'; }
	pct() { awk -v r="$1" 'BEGIN { if (r == "" || r == "nan") print "n/a"; else printf "%.0f%%", r }'; }
	declare -A rlabel=(
		[b2c]="bcc2core run --json >/dev/null"
		[b2c_fb]="diag.: same, stdout fully buffered (fullbuf.so)"
		[null]="diag.: libbpf reader, counts, never sleeps"
		[bcc]="BCC, Python callback that counts"
		[bcc_json]="BCC, callback decodes + prints JSON (1 run)"
	)
	readers=(b2c b2c_fb null)
	[ "$bcc_ok" = 1 ] && readers+=(bcc bcc_json)
	echo "## b. event drain: bench/drain.bcc.c, 64 x 16-byte events per trigger, ${drain_secs} s per run, median of $drain_runs"
	echo
	echo "M/s = delivered events per second (millions); CPU = the reader's CPU time / the run's time;"
	echo "M/CPU-s = delivered events per second of the reader's CPU (what it would do with a CPU of its own)"
	echo
	printf '%-48s | %8s | %5s | %8s | %8s | %5s | %8s\n' "" "ring M/s" CPU "M/CPU-s" "perf M/s" CPU "M/CPU-s"
	printf '%-48s-|-%8s-|-%5s-|-%8s-|-%8s-|-%5s-|-%8s\n' "$(printf -- '-%.0s' {1..48})" -------- ----- -------- -------- ----- --------
	for r in "${readers[@]}"; do
		printf '%-48s | %8s | %5s | %8s | %8s | %5s | %8s\n' "${rlabel[$r]}" \
			"$(mev "$(col "$r" ring 1)")" "$(pct "$(col "$r" ring 2)")" "$(mev "$(col "$r" ring 3)")" \
			"$(mev "$(col "$r" perf 1)")" "$(pct "$(col "$r" perf 2)")" "$(mev "$(col "$r" perf 3)")"
	done
	if [ "$bcc_ok" = 1 ]; then
		printf '%-48s | %8s | %5s | %8s | %8s | %5s | %8s\n' "bcc2core / BCC counting callback" \
			"$(ratio "$(col b2c ring 1)" "$(col bcc ring 1)")x" "" "$(ratio "$(col b2c ring 3)" "$(col bcc ring 3)")x" \
			"$(ratio "$(col b2c perf 1)" "$(col bcc perf 1)")x" "" "$(ratio "$(col b2c perf 3)" "$(col bcc perf 3)")x"
		printf '%-48s | %8s | %5s | %8s | %8s | %5s | %8s\n' "bcc2core / BCC decode + JSON (same work)" \
			"$(ratio "$(col b2c ring 1)" "$(col bcc_json ring 1)")x" "" "$(ratio "$(col b2c ring 3)" "$(col bcc_json ring 3)")x" \
			"$(ratio "$(col b2c perf 1)" "$(col bcc_json perf 1)")x" "" "$(ratio "$(col b2c perf 3)" "$(col bcc_json perf 3)")x"
	fi
	echo
	for v in ring perf; do
		echo "$v, bcc2core runs: submitted $(awk '{ printf "%s%.1f", (NR > 1 ? "/" : ""), $5 / 1e6 }' "$work/d.b2c.$v") M/s," \
			"dropped $(awk '{ printf "%s%d", (NR > 1 ? "/" : ""), $6 }' "$work/d.b2c.$v") %," \
			"delivered $(awk '{ printf "%s%.3f", (NR > 1 ? "/" : ""), $1 / 1e6 }' "$work/d.b2c.$v") M/s;" \
			"peak RSS $(awk -v a="${DSHORT[$v]}" 'BEGIN { printf "%.2f", a / 1024 }') MiB (0.5 s run)," \
			"$(awk -v a="$(col b2c "$v" 4 max)" 'BEGIN { printf "%.2f", a / 1024 }') MiB (${drain_secs} s runs)"
		if [ "$bcc_ok" = 1 ]; then
			echo "$v, BCC runs: submitted $(awk '{ printf "%s%.1f", (NR > 1 ? "/" : ""), $5 / 1e6 }' "$work/d.bcc.$v") M/s," \
				"dropped $(awk '{ printf "%s%d", (NR > 1 ? "/" : ""), $6 }' "$work/d.bcc.$v") %," \
				"delivered $(awk '{ printf "%s%.3f", (NR > 1 ? "/" : ""), $1 / 1e6 }' "$work/d.bcc.$v") M/s"
		fi
	done
	echo "check (0.5 s run printed to a file): ring ${DCHK[ring]}; perf ${DCHK[perf]}"
	if [ "$bcc_ok" = 1 ]; then
		echo "BCC check (received = delivered, every run): ${BCHK[ring]:-ring ok}; ${BCHK[perf]:-perf ok}"
	fi
	echo "counting reader's check (received = delivered, every run): ${NCHK[ring]:-ring ok}; ${NCHK[perf]:-perf ok}"
	for v in ring perf; do
		echo "$v, the counting reader's runs: submitted $(awk '{ printf "%s%.1f", (NR > 1 ? "/" : ""), $5 / 1e6 }' "$work/d.null.$v") M/s," \
			"dropped $(awk '{ printf "%s%d", (NR > 1 ? "/" : ""), $6 }' "$work/d.null.$v") %," \
			"delivered $(awk '{ printf "%s%.3f", (NR > 1 ? "/" : ""), $1 / 1e6 }' "$work/d.null.$v") M/s"
		if [ "$bcc_ok" = 1 ]; then
			echo "$v: the counting reader / BCC decode + JSON: $(ratio "$(col null "$v" 1)" "$(col bcc_json "$v" 1)")x; bcc2core run --json / the counting reader: $(ratio "$(col b2c "$v" 1)" "$(col null "$v" 1)")x"
		fi
	done
	echo
	for v in ring perf; do
		goal "drain: $v buffer -> run --json >/dev/null, >= 1M events/s" "$(mev "$(col b2c "$v" 1)") M/s ($(mev "$(col b2c "$v" 3)")/CPU-s)" "$(pass_if "$(col b2c "$v" 1)" '>=' 1000000)"
	done
	for v in ring perf; do
		if [ "$bcc_ok" = 1 ]; then
			# the same work on both sides: decode each record, print a
			# JSON line (BCC's counting callback does neither: the
			# table's ratio to it is for reference)
			r=$(ratio "$(col b2c "$v" 1)" "$(col bcc_json "$v" 1)")
			goal "drain: $v, run --json / BCC decode + JSON >= 20x" "${r}x ($(ratio "$(col b2c "$v" 3)" "$(col bcc_json "$v" 3)")x per CPU-s)" "$(pass_if "$r" '>=' 20)"
		fi
	done
	for v in ring perf; do
		mx=$(col b2c "$v" 4 max)
		r=$(ratio "$mx" "${DSHORT[$v]}")
		goal "memory: $v drain peak RSS, ${drain_secs} s / 0.5 s run <= 1.1x" "${r}x ($(awk -v b="$mx" 'BEGIN { printf "%.1f", b / 1024 }') MiB)" "$(pass_if "$r" '<=' 1.1)"
	done
fi

# ================================================================ d. rewrite
if want rewrite; then
	files=()
	for f in "$root"/compat-tests/corpus/tools/*.bcc.c "$root"/compat-tests/golden/*.bcc.c; do
		[ -e "$f" ] && files+=("$f")
	done
	if [ "$corpus_limit" -gt 0 ] && [ ${#files[@]} -gt "$corpus_limit" ]; then
		files=("${files[@]:0:$corpus_limit}")
	fi
	rw=$work/rewrite
	mkdir -p "$rw"
	: >"$rw/rows"
	skipped=()
	tms() { # LAUNCH-LINE -> wall ms, or "" if the command failed
		case "$1" in *" status=0 "*) ;; *) return 0 ;; esac
		awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^wall_ns=/) { sub(/wall_ns=/, "", $i); printf "%.3f", $i / 1e6 } }' <<<"$1"
	}
	first=1
	for f in "${files[@]}"; do
		case "$f" in
		*/golden/*) name=golden/$(basename "$f" .bcc.c); flagf=${f%.bcc.c}.flags ;;
		*) name=tools/$(basename "$f" .bcc.c); flagf=${f%.c}.args ;;
		esac
		args=()
		if [ -f "$flagf" ]; then
			while read -r -a words; do
				[ ${#words[@]} -eq 0 ] && continue
				case "${words[0]}" in '#'*) continue ;; esac
				args+=("${words[@]}")
			done <"$flagf"
		fi
		conv=$rw/conv.bpf.c
		if [ "$first" = 1 ]; then	# warm-up: page cache of clang, libclang, headers
			first=0
			"$bin" build "${args[@]}" "$f" -o "$rw/build.o" >/dev/null 2>&1 || true
			"$bin" convert "${args[@]}" "$f" -o "$conv" >/dev/null 2>&1 || true
		fi
		: >"$rw/tc"
		: >"$rw/tb"
		: >"$rw/tp"
		why=
		# the three interleaved, REPS times: drift of the machine's load hits all
		for ((j = 0; j < rewrite_reps; j++)); do
			t=$(tms "$("$launch" -o /dev/null -e "$rw/err" -- "$bin" convert "${args[@]}" "$f" -o "$conv")")
			if [ -z "$t" ]; then why=convert; break; fi
			echo "$t" >>"$rw/tc"
			t=$(tms "$("$launch" -o /dev/null -e "$rw/err" -- "$bin" -v build "${args[@]}" "$f" -o "$rw/build.o")")
			if [ -z "$t" ]; then why=build; break; fi
			echo "$t" >>"$rw/tb"
			if [ "$j" = 0 ]; then
				# build's own clang command, on convert's output: build
				# runs it in a directory of its own, on FILE.bpf.c there
				cline=$(sed -n 's/^bcc2core: compile (in [^)]*): //p' "$rw/err" | tail -1)
				read -r -a ccmd <<<"$cline"
				n=${#ccmd[@]}
				if [ "$n" -lt 5 ] || [ "${ccmd[n - 2]}" != -o ] || [ "${ccmd[n - 4]}" != -c ] ||
				   [[ "${ccmd[n - 3]}" == */* ]]; then
					why="no compile line"
					break
				fi
				rm -rf "$rw/cc" && mkdir "$rw/cc" && cp "$conv" "$rw/cc/${ccmd[n - 3]}"
				ccmd[n - 1]=$rw/plain.o
			fi
			t=$(cd "$rw/cc" && tms "$("$launch" -o /dev/null -e "$rw/err" -- "${ccmd[@]}")")
			if [ -z "$t" ]; then why="clang on convert's output"; break; fi
			echo "$t" >>"$rw/tp"
		done
		if [ -n "$why" ]; then
			skipped+=("$name ($why)")
			continue
		fi
		printf '%s %s %s %s\n' "$name" "$(median <"$rw/tc")" "$(median <"$rw/tb")" "$(median <"$rw/tp")" >>"$rw/rows"
	done
	echo "## d. rewrite: corpus, wall ms (median of $rewrite_reps), plain clang = build's own clang command on convert's output"
	echo
	printf '%-28s | %9s | %9s | %9s | %13s | %11s\n' file convert build clang convert/clang build/clang
	printf '%-28s-|-%9s-|-%9s-|-%9s-|-%13s-|-%11s\n' ---------------------------- --------- --------- --------- ------------- -----------
	awk '{ printf "%-28s | %9.1f | %9.1f | %9.1f | %13.3f | %11.3f\n", $1, $2, $3, $4, $2 / $4, $3 / $4 }' "$rw/rows"
	nfiles=$(wc -l <"$rw/rows")
	if [ "$nfiles" -gt 0 ]; then
		read -r s_conv s_build s_clang < <(awk '{ a += $2; b += $3; c += $4 } END { print a, b, c }' "$rw/rows")
		sum_cc=$(ratio "$s_conv" "$s_clang")
		sum_bc=$(ratio "$s_build" "$s_clang")
		med_cc=$(awk '{ print $2 / $4 }' "$rw/rows" | median)
		med_bc=$(awk '{ print $3 / $4 }' "$rw/rows" | median)
		printf '%-28s | %9.0f | %9.0f | %9.0f | %13s | %11s\n' "sum ($nfiles files)" "$s_conv" "$s_build" "$s_clang" "$sum_cc" "$sum_bc"
		printf '%-28s | %9s | %9s | %9s | %13.3f | %11.3f\n' "median of per-file ratios" "" "" "" "$med_cc" "$med_bc"
		echo
		echo "convert alone, median: $(awk '{ print $2 }' "$rw/rows" | median) ms; clang alone, median: $(awk '{ print $4 }' "$rw/rows" | median) ms"
		goal "rewrite: convert / clang, sum over corpus, <= 0.30" "$sum_cc (median $(fmt "$med_cc" %.2f))" "$(pass_if "$sum_cc" '<=' 0.30)"
		over=$(awk -v r="$sum_bc" 'BEGIN { printf "%.2f", r - 1 }')
		goal "rewrite: (build - clang) / clang, sum over corpus, <= 0.30" "$over (median $(awk -v r="$med_bc" 'BEGIN { printf "%.2f", r - 1 }'))" "$(pass_if "$over" '<=' 0.30)"
	fi
	echo "skipped (${#skipped[@]}): ${skipped[*]:-none}"
	echo
fi

# ================================================================ e. tools
if want kcost; then
	echo "## f. in-kernel cost: bench/kcost/*.bcc.c under BCC and as bcc2core objects, attached at once (bench/kcost.py, $kcost_runs runs, each side first in half)"
	echo
	if [ "$bcc_ok" = 1 ]; then
		kout=$work/kcost.txt
		BCC2CORE=$bin /usr/bin/python3 "$root/bench/kcost.py" --runs "$kcost_runs" | tee "$kout"
		kgeo=$(sed -n 's/^geomean bcc2core\/BCC ns per event: \([0-9.]*\)x.*/\1/p' "$kout")
		# the sums' line (the median column's line says "highest" too)
		kmax=$(sed -n 's/^geomean bcc2core\/BCC ns per event: .*; highest \([0-9.]*\)x.*/\1/p' "$kout")
		goal "in-kernel ns/event, geomean bcc2core/BCC <= 0.80x" "${kgeo:-n/a}x" "$(pass_if "${kgeo:-nan}" "<=" 0.80)"
		goal "in-kernel ns/event, no program above 1.00x BCC" "highest ${kmax:-n/a}x" "$(pass_if "${kmax:-nan}" "<=" 1.00)"
	else
		echo "(BCC cannot compile here: skipped)"
	fi
	echo
fi

if want kcost-guest; then
	echo "## h. in-kernel cost in the QEMU guest (6.1, BCC with matching headers; bench/kcost_guest.sh --icount --set both, $kcost_guest_runs runs; ns = guest instructions): bench/kcost_structs/*.bcc.c, then corpus tools (kcost.py --corpus default)"
	echo
	kout=$work/kcost_guest.txt
	krc=0
	BCC2CORE=$bin "$root/bench/kcost_guest.sh" --icount --set both --full --runs "$kcost_guest_runs" >"$kout" 2>&1 || krc=$?
	cat "$kout"
	if [ $krc -eq 0 ]; then
		# the first geomean line is the struct readers', the second the corpus tools'
		for which in 1 2; do
			what=$([ $which = 1 ] && echo "struct readers" || echo "corpus tools (per program)")
			kgeo=$(sed -n 's/^geomean bcc2core\/BCC ns per event: \([0-9.]*\)x.*/\1/p' "$kout" | sed -n "${which}p")
			# "none above": the median column (each run in pieces, the median
			# piece), which one interrupt landing inside one program run does
			# not move as it moves a sum (equal code has summed to 1.02x)
			ksum=$(grep '^geomean bcc2core/BCC ns per event:' "$kout" | sed -n "${which}p" | sed -n 's/.*; highest \([0-9.]*\)x.*/\1/p')
			kmax=$(grep '^median of .* pieces a run' "$kout" | sed -n "${which}p" | sed -n 's/.*; highest \([0-9.]*\)x.*/\1/p')
			kwhat="highest ${kmax:-n/a}x (sums ${ksum:-n/a}x)"
			# a row above 1.00x whose two sides hook by different mechanisms
			# (BCC's kprobe, bcc2core's trampoline) counts in all: --full's
			# line, where it ran (bpf_stats times the two in different windows)
			kall=$([ $which = 2 ] && sed -n 's/^highest with differing mechanisms taken in all: \([0-9.]*\)x (\([^)]*\)) in the median column, \([0-9.]*\)x (\([^)]*\)) on the sums.*/\1|\2|\3|\4/p' "$kout" || true)
			if [ -n "$kall" ]; then
				IFS='|' read -r kmax kprog ksum ksprog <<<"$kall"
				kwhat="highest ${kmax}x ($kprog; sums ${ksum}x, $ksprog; bpf_stats' windows alone ${kwhat#highest })"
			fi
			goal "$what in the guest, geomean bcc2core/BCC <= 0.80x" "${kgeo:-n/a}x" "$(pass_if "${kgeo:-nan}" "<=" 0.80)"
			goal "$what in the guest, none above 1.00x BCC" "$kwhat" "$(pass_if "${kmax:-nan}" "<=" 1.00)"
		done
	else
		echo "(kcost_guest.sh exited $krc: skipped)"
		goal "in-kernel cost in the guest" "not measured (exit $krc, above)" "MISS"
	fi
	echo
	# bench/kcost's programs read no kernel struct, so section f measures
	# them on this host; bpf_stats there leaves out what their forms save
	# (a tracepoint's record, the syscall tracing a syscall tracepoint turns
	# on): here each in all, a loop of the syscall that fires it
	echo "### bench/kcost/*.bcc.c in all (kcost_guest.sh --icount --set helpers: kcost_full.py, instructions a call)"
	echo
	hout=$work/kcost_guest_helpers.txt
	hrc=0
	BCC2CORE=$bin "$root/bench/kcost_guest.sh" --icount --set helpers >"$hout" 2>&1 || hrc=$?
	cat "$hout"
	hline=$(grep '^geomean in all bcc2core/BCC:' "$hout" || true)
	if [ $hrc -eq 0 ] && [ -n "$hline" ]; then
		hgeo=$(sed -n 's/^geomean in all bcc2core\/BCC: \([0-9.]*\)x.*/\1/p' <<<"$hline")
		hmax=$(sed -n 's/.*; highest \([0-9.]*\)x (\([^)]*\)).*/\1 \2/p' <<<"$hline")
		goal "helper-only programs in the guest, in all, geomean <= 0.80x" "${hgeo}x" "$(pass_if "$hgeo" "<=" 0.80)"
		goal "helper-only programs in the guest, in all, none above 1.00x" "highest ${hmax% *}x (${hmax#* })" "$(pass_if "${hmax% *}" "<=" 1.00)"
	else
		echo "(kcost_guest.sh --set helpers exited $hrc: skipped)"
		goal "helper-only programs in the guest, in all" "not measured (exit $hrc, above)" "MISS"
	fi
	echo
	# the e2e matrix's programs (ground truth checked in compat-tests/guest),
	# bpf_stats per program, and every program file whose two sides hook by
	# different mechanisms (a tracepoint and its tp_btf or fentry form: the
	# forms save what falls outside bpf_stats' window) again in all; the
	# goals per program file: in all where so measured, else bpf_stats
	# (one mechanism on both sides: the same window; execsnoop_ppid, whose
	# trigger would be an exec, is marked "no trigger"); a file left out
	# (no counted program, a loop not resolved) makes the goals a MISS
	echo "### the e2e matrix's programs (kcost_guest.sh --icount --set e2e --full: kcost.py --e2e, kcost_full.py)"
	echo
	eout=$work/kcost_guest_e2e.txt
	erc=0
	BCC2CORE=$bin "$root/bench/kcost_guest.sh" --icount --set e2e --full --runs "$kcost_guest_runs" \
		>"$eout" 2>&1 || erc=$?
	cat "$eout"
	eline=$(grep "^per tool, in all where the sides' types differ:" "$eout" || true)
	if [ $erc -eq 0 ] && [ -n "$eline" ]; then
		egeo=$(sed -n 's/.*: \([0-9.]*\)x geomean over.*/\1/p' <<<"$eline")
		emax=$(sed -n 's/.*; highest \([0-9.]*\)x (\([^)]*\)).*/\1|\2/p' <<<"$eline")
		elost=$(sed -n 's/.*; not measured: \(.*\)/\1/p' <<<"$eline")
		if [ -n "$elost" ]; then
			goal "e2e matrix programs in the guest, per file" "not measured: $elost" "MISS"
		else
			goal "e2e matrix programs in the guest, per file, geomean <= 0.80x" "${egeo}x" "$(pass_if "$egeo" "<=" 0.80)"
			goal "e2e matrix programs in the guest, per file, none above 1.00x" "highest ${emax%%|*}x (${emax#*|})" "$(pass_if "${emax%%|*}" "<=" 1.00)"
		fi
	else
		echo "(kcost_guest.sh --set e2e exited $erc: skipped)"
		goal "e2e matrix programs in the guest" "not measured (exit $erc, above)" "MISS"
	fi
	echo
	# the same corpus run with both sides bcc2core's object: how far two
	# copies of the same code land from 1.00x here, the band a row of the
	# run above is read against (without --icount, TCG moves a program's
	# ns/event by itself)
	echo "### A/A: the corpus tools again, both sides bcc2core's object (kcost.py --aa bcc2core)"
	echo
	aout=$work/kcost_guest_aa.txt
	arc=0
	BCC2CORE=$bin "$root/bench/kcost_guest.sh" --icount --set corpus --aa bcc2core --runs "$kcost_guest_runs" \
		>"$aout" 2>&1 || arc=$?
	cat "$aout"
	if [ $arc -eq 0 ]; then
		alo=$(awk '$4 ~ /x$/ && $4 != "nanx" && $0 !~ /not counted/ {v = $4 + 0; if (lo == "" || v < lo) lo = v} END {print lo}' "$aout")
		ahi=$(sed -n 's/^geomean bcc2core\/BCC ns per event: .*; highest \([0-9.]*\)x.*/\1/p' "$aout")
		goal "A/A in the guest (noise): equal code lands within" "${alo:-n/a}x..${ahi:-n/a}x" "info"
	else
		echo "(kcost_guest.sh --aa exited $arc: skipped)"
	fi
	echo
fi

if want kcost-libbpf; then
	echo "## i. in-kernel cost against libbpf-tools (bench/kcost_libbpf_tools.py --runs 2 --scale 0.1): the BCC tool under the drop-in vs its libbpf-tools port, at once, on this host"
	echo
	if [ -x /usr/sbin/execsnoop ] && dpkg-query -W libbpf-tools >/dev/null 2>&1; then
		lout=$work/kcost_libbpf.txt
		lrc=0
		BCC2CORE=$bin /usr/bin/python3 "$root/bench/kcost_libbpf_tools.py" --runs 2 --scale 0.1 \
			>"$lout" 2>&1 || lrc=$?
		cat "$lout"
		lgeo=$(sed -n 's/^geomean bcc2core\/libbpf-tools[^:]*: \([0-9.]*\)x.*/\1/p' "$lout")
		lmax=$(sed -n 's/^geomean bcc2core\/libbpf-tools.*; highest \([0-9.]*\)x.*/\1/p' "$lout")
		if [ $lrc -eq 0 ] && [ -n "$lgeo" ]; then
			goal "tools vs libbpf-tools ports, geomean <= 1.00x" "${lgeo}x" "$(pass_if "$lgeo" "<=" 1.00)"
			goal "tools vs libbpf-tools ports, none above 1.00x" "highest ${lmax}x" "$(pass_if "$lmax" "<=" 1.00)"
		else
			echo "(kcost_libbpf_tools.py exited $lrc: skipped)"
		fi
	else
		echo "(libbpf-tools not installed: skipped; scripts/setup.sh installs it)"
	fi
	echo
fi

if want tools; then
	tools=(execsnoop opensnoop runqlat syscount)
	tw=$work/tools
	mkdir -p "$tw"
	pp=$("$bin" python-path)
	fl=$work/first_line
	for t in "${tools[@]}"; do
		if [ ! -x "/usr/sbin/$t-bpfcc" ]; then
			echo "run.sh: /usr/sbin/$t-bpfcc missing (bpfcc-tools)" >&2
			exit 1
		fi
	done
	# both sides with byte-code caches, written by the warm-up runs under the
	# work directory (with a prefix, the ones Debian ships for BCC are not
	# read either); stdout and stderr unbuffered in both
	unset PYTHONDONTWRITEBYTECODE PYTHONPATH PYTHONHOME
	export PYTHONPYCACHEPREFIX=$tw/pycache PYTHONUNBUFFERED=1
	# the workload each tool sees after its first line, the same every run
	workload='for i in 1 2 3 4 5 6 7 8 9 10; do /bin/true bcc2core-bench; /bin/cat /etc/hostname; done'
	declare -A want_out=([execsnoop]='bcc2core-bench' [opensnoop]='/etc/hostname'
		[runqlat]='usecs' [syscount]='SYSCALL')
	declare -A port_ms
	# fill the object cache, outside the timing: a miss would build in a child
	for t in "${tools[@]}"; do
		line=$("$launch" -o /dev/null -e "$tw/port.err" -- "$bin" port -o "$tw/$t.bpf.o" "/usr/sbin/$t-bpfcc")
		if ! grep -q ' status=0 ' <<<"$line" || ! grep -q 'cached as' "$tw/port.err"; then
			echo "run.sh: bcc2core port /usr/sbin/$t-bpfcc failed:" >&2
			tail -20 "$tw/port.err" >&2
			exit 1
		fi
		port_ms[$t]=$(sed -n 's/.* wall_ns=\([0-9]*\).*/\1/p' <<<"$line" | awk '{ printf "%.0f", $1 / 1e6 }')
	done
	tvariants=(python imp_dropin)
	[ "$bcc_ok" = 1 ] && tvariants+=(imp_bcc)
	for t in "${tools[@]}"; do
		[ "$bcc_ok" = 1 ] && tvariants+=("bcc_$t")
		tvariants+=("dropin_$t")
	done
	tcmd() { # VARIANT -> sets CMD, TPP (PYTHONPATH), TW (workload or "")
		TPP=
		TW=$workload
		case "$1" in
		python) CMD=(/usr/bin/python3 -c 'print("ok")'); TW= ;;
		imp_bcc) CMD=(/usr/bin/python3 -c 'import bcc; print("ok")'); TW= ;;
		imp_dropin) CMD=(/usr/bin/python3 -c 'import bcc; print("ok")'); TPP=$pp; TW= ;;
		bcc_*) CMD=(/usr/bin/python3 "/usr/sbin/${1#bcc_}-bpfcc") ;;
		dropin_*) CMD=(/usr/bin/python3 "/usr/sbin/${1#dropin_}-bpfcc"); TPP=$pp ;;
		esac
	}
	declare -A TFAIL TCHK TSIG TFIRST
	# one run; appends first-line ms, ru_maxrss KiB, VmHWM at the first line
	tool_run() { # VARIANT
		local v=$1 line first err st sig f args=(-o "$tw/out" -e "$tw/err")
		tcmd "$v"
		[ -z "$TW" ] || args+=(-w "$TW")
		if [ -n "$TPP" ]; then
			line=$(PYTHONPATH=$TPP "$fl" "${args[@]}" -- "${CMD[@]}")
		else
			line=$("$fl" "${args[@]}" -- "${CMD[@]}")
		fi
		first=$(sed -n 's/.* first_ns=\([0-9-]*\).*/\1/p' <<<"$line")
		err=$(sed -n 's/.* err_ns=\([0-9-]*\).*/\1/p' <<<"$line")
		st=$(sed -n 's/.* status=\([0-9-]*\).*/\1/p' <<<"$line")
		sig=$(sed -n 's/.* sigints=\([0-9]*\).*/\1/p' <<<"$line")
		if [ "$first" -lt 0 ]; then
			# BCC that fails before its first line (a probe this kernel
			# cannot attach): the time to its first complaint, a lower bound
			if [ "${v#bcc_}" != "$v" ] && [ "$err" -ge 0 ]; then
				f=$err
				TFAIL[$v]=$(head -1 "$tw/err" | cut -c1-100)
			else
				echo "run.sh: '${CMD[*]}' printed no line (status $st):" >&2
				tail -20 "$tw/err" >&2
				exit 1
			fi
		else
			f=$first
			case "$v" in
			bcc_*|dropin_*)
				grep -q -- "${want_out[${v#*_}]}" "$tw/out" || TCHK[$v]=$((${TCHK[$v]:-0} + 1)) ;;
			esac
		fi
		[ "${sig:-0}" -le 1 ] || TSIG[$v]=$((${TSIG[$v]:-0} + sig - 1))
		awk -v f="$f" 'BEGIN { print f / 1e6 }' >>"$tw/$v.t"
		sed -n 's/.* maxrss_kb=\([0-9]*\).*/\1/p' <<<"$line" >>"$tw/$v.m"
		sed -n 's/.* hwm1_kb=\([0-9-]*\).*/\1/p' <<<"$line" >>"$tw/$v.h"
	}
	for v in "${tvariants[@]}"; do	# warm-up: page cache, byte code, the BTF cache
		tool_run "$v"
		TFIRST[$v]=$(tail -1 "$tw/$v.t")
		: >"$tw/$v.t"
		: >"$tw/$v.m"
		: >"$tw/$v.h"
		unset "TCHK[$v]" "TSIG[$v]"
	done
	for ((i = 0; i < tool_runs; i++)); do
		for v in "${tvariants[@]}"; do
			tool_run "$v"
		done
	done
	declare -A TT TTMIN TM TH
	for v in "${tvariants[@]}"; do
		TT[$v]=$(median <"$tw/$v.t")
		TTMIN[$v]=$(minimum <"$tw/$v.t")
		TM[$v]=$(median <"$tw/$v.m")
		TH[$v]=$(median <"$tw/$v.h")
	done
	declare -A tlabel=(
		[python]="python3 -c 'print(\"ok\")' (the interpreter alone)"
		[imp_bcc]="import bcc: BCC"
		[imp_dropin]="import bcc: drop-in"
	)
	for t in "${tools[@]}"; do
		tlabel[bcc_$t]="$t: BCC"
		tlabel[dropin_$t]="$t: drop-in (cache filled)"
		[ -n "${TFAIL[bcc_$t]:-}" ] && tlabel[bcc_$t]="$t: BCC, fails here (*)"
	done
	mib() { awk -v k="$1" 'BEGIN { if (k == "" || k == "nan" || k < 0) print "n/a"; else printf "%.1f", k / 1024 }'; }
	echo "## e. tools: /usr/sbin/TOOL-bpfcc, spawn -> first line on stdout, peak RSS ($tool_runs runs, interleaved)"
	echo
	printf '%-48s | %9s | %9s | %8s | %8s | %s\n' "tool / variant" "median ms" "min ms" "RSS MiB" "at 1st" "notes"
	printf '%-48s-|-%9s-|-%9s-|-%8s-|-%8s-|-%s\n' "$(printf -- '-%.0s' {1..48})" --------- --------- -------- -------- -----
	for v in "${tvariants[@]}"; do
		note=
		[ -z "${TCHK[$v]:-}" ] || note+="output check failed in ${TCHK[$v]} runs; "
		[ -z "${TSIG[$v]:-}" ] || note+="SIGINT lost, sent again ${TSIG[$v]}x; "
		printf '%-48s | %9s | %9s | %8s | %8s | %s\n' "${tlabel[$v]}" "$(fmt "${TT[$v]}" %.1f)" \
			"$(fmt "${TTMIN[$v]}" %.1f)" "$(mib "${TM[$v]}")" "$(mib "${TH[$v]}")" "${note%; }"
	done
	echo
	echo "RSS = wait4() ru_maxrss of the tool (whole run: start, workload, SIGINT, exit); at 1st = its VmHWM when the first line came."
	echo "workload after the first line: $workload; then 300 ms, then SIGINT"
	echo "first drop-in run of each object (warm-up; fills the BTF cache): $(for t in "${tools[@]}"; do printf '%s %s ms; ' "$t" "$(fmt "${TFIRST[dropin_$t]}" %.0f)"; done | sed 's/; $//')"
	echo "bcc2core port (once per tool, not timed in the table): $(for t in "${tools[@]}"; do printf '%s %s ms; ' "$t" "${port_ms[$t]}"; done | sed 's/; $//')"
	for t in "${tools[@]}"; do
		if [ -n "${TFAIL[bcc_$t]:-}" ]; then
			echo "(*) $t: BCC prints no line here; its time is to its first line on stderr, after compiling: a lower bound: \"${TFAIL[bcc_$t]}\""
		fi
	done
	echo
	if [ "$bcc_ok" = 1 ]; then
		printf '%-24s | %18s | %18s\n' "BCC / drop-in" "time to 1st line" "peak RSS"
		printf '%-24s-|-%18s-|-%18s\n' ------------------------ ------------------ ------------------
		printf '%-24s | %17sx | %17sx\n' "import bcc" "$(ratio "${TT[imp_bcc]}" "${TT[imp_dropin]}")" "$(ratio "${TM[imp_bcc]}" "${TM[imp_dropin]}")"
		for t in "${tools[@]}"; do
			ge=
			[ -n "${TFAIL[bcc_$t]:-}" ] && ge=">="
			rt=$(ratio "${TT[bcc_$t]}" "${TT[dropin_$t]}")
			rm=$(ratio "${TM[bcc_$t]}" "${TM[dropin_$t]}")
			printf '%-24s | %17sx | %17sx\n' "$t" "$ge$rt" "$ge$rm"
			res_t=$(pass_if "$rt" '>=' 10)
			res_m=$(pass_if "$rm" '>=' 5)
			# a lower bound that misses says nothing
			[ -n "$ge" ] && [ "$res_t" = MISS ] && res_t="n/a (bound)"
			[ -n "$ge" ] && [ "$res_m" = MISS ] && res_m="n/a (bound)"
			goal "tools: $t, BCC / drop-in, time to 1st line >= 10x" "$ge${rt}x ($(fmt "${TT[dropin_$t]}" %.0f) ms)" "$res_t"
			goal "tools: $t, BCC / drop-in, peak RSS >= 5x" "$ge${rm}x ($(mib "${TM[dropin_$t]}") MiB)" "$res_m"
		done
	else
		goal "tools: BCC / drop-in" "no BCC" "n/a"
	fi
	echo
fi

# ================================================================ g. scale
if want scale; then
	sw=$work/scale
	mkdir -p "$sw"
	# kprobes here or not: which form of a syscall kprobe a loader uses
	if [ -e /sys/bus/event_source/devices/kprobe/type ] || [ -e "$(dirname "$(ls -d /sys/kernel/tracing/events /sys/kernel/debug/tracing/events 2>/dev/null | head -1)")/kprobe_events" ]; then
		kprobes=1
	else
		kprobes=0
	fi
	tpdir=$(ls -d /sys/kernel/tracing/events/syscalls /sys/kernel/debug/tracing/events/syscalls 2>/dev/null | head -1)
	mapfile -t syscalls < <(ls "$tpdir" | sed -n 's/^sys_enter_//p' | sort)
	# N TRACEPOINT_PROBEs and ceil(N/4) syscall kprobes, on distinct syscalls
	scale_gen() { # N OUT
		local n=$1 k=$((($1 + 3) / 4)) i body
		if [ $((n + k)) -gt ${#syscalls[@]} ]; then
			echo "run.sh: $((n + k)) programs wanted, this kernel has ${#syscalls[@]} syscall tracepoints" >&2
			exit 1
		fi
		{
			echo "/* bench/run.sh --only scale: $n tracepoint programs, $k syscall kprobes */"
			echo "#include <linux/sched.h>"
			echo
			echo "BPF_HASH(counts, u32, u64);"
			for ((i = 0; i < n + k; i++)); do
				body="{\n\tstruct task_struct *task = (struct task_struct *)bpf_get_current_task();\n\tu32 key = task->real_parent->tgid + $i;\n\n\tcounts.increment(key);\n\treturn 0;\n}\n"
				if [ "$i" -lt "$n" ]; then
					printf "\nTRACEPOINT_PROBE(syscalls, sys_enter_%s)\n$body" "${syscalls[i]}"
				else
					printf "\nint syscall__%s(struct pt_regs *ctx)\n$body" "${syscalls[i]}"
				fi
			done
		} >"$2"
	}
	nprog_sections() { # OBJ: its program sections (executable, not .text)
		llvm-objdump -h "$1" | awk '$NF == "TEXT" && $2 != ".text"' | wc -l
	}
	count_cmd=(sh -c 'ls -l /proc/$PPID/fd | grep -c "anon_inode:bpf-prog" >"$0"' "$sw/count")
	declare -A SC_T SC_TMIN SC_M SC_W SC_C SC_IN SC_LOADED SC_FIRST SC_RUNS SC_FORMS
	svariants=(b2c_cold min_full b2c_warm min_cached min_all)
	for n in $scale_sizes; do
		src=$sw/scale$n.bcc.c
		obj=$sw/scale$n.bpf.o
		scale_gen "$n" "$src"
		"$bin" build "$src" -o "$obj"
		k=$(((n + 3) / 4))
		# the first run fills the BTF cache (bpftool at exit: not in the figures)
		measure /dev/null -- "$bin" run "$obj" -- "$stamp" "$stampf"
		SC_FIRST[$n]=$L_attach_ms
		# the forms that run on this kernel: the ones run attaches; every
		# other program of the object is unused
		mapfile -t unattached < <(unattached_forms "$obj" "$sw/run-v.$n")
		sed -n 's/^bcc2core: \([A-Za-z0-9_]*\): attached (\([a-z_]*\).*/\1 \2/p' "$sw/run-v.$n" >"$sw/attached.$n"
		no_tramp=0
		grep -q 'refuses BTF trampolines' "$sw/run-v.$n" && no_tramp=1
		unused=()
		idle=()	# the diag. loads what this kernel can load of them
		idle_skip=()
		for su in "${unattached[@]}"; do
			sec=${su% *}
			u=${su#* }
			unused+=(--skip "$u")
			case "$no_tramp:$sec" in
			1:fentry/* | 1:fexit/*) idle_skip+=(--skip "$u") ;;
			*) idle+=(--idle "$u") ;;
			esac
		done
		SC_FORMS[$n]=$(awk '{ print $2 }' "$sw/attached.$n" | sort | uniq -c | awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }')
		cached=$(cached_of "$obj")
		if [ -z "$cached" ] || [ ! -f "$cached" ]; then
			echo "run.sh: the first run of $obj left no cached BTF" >&2
			exit 1
		fi
		svcmd() { # VARIANT CMD... -> sets CMD
			local v=$1
			shift
			case "$v" in
			b2c_cold) CMD=("$bin" run --no-btf-cache "$obj" -- "$@") ;;
			b2c_warm) CMD=("$bin" run "$obj" -- "$@") ;;
			min_full) CMD=("$work/min_loader" "${unused[@]}" "$obj" -- "$@") ;;
			min_cached) CMD=("$work/min_loader" --btf "$cached" "${unused[@]}" "$obj" -- "$@") ;;
			min_all) CMD=("$work/min_loader" --btf "$cached" "${idle_skip[@]}" "${idle[@]}" "$obj" -- "$@") ;;
			esac
		}
		SC_IN[$n]="$((n + k)) $(nprog_sections "$obj")"
		for v in "${svariants[@]}"; do	# warm-up, which counts the programs loaded
			svcmd "$v" "${count_cmd[@]}"
			rm -f "$sw/count"
			measure /dev/null -- "${CMD[@]}"
			SC_LOADED[$v.$n]=$(cat "$sw/count" 2>/dev/null || echo '?')
			: >"$sw/$v.$n.t"
			: >"$sw/$v.$n.m"
			: >"$sw/$v.$n.w"
			: >"$sw/$v.$n.c"
		done
		# small objects start in a few ms, where the machine's noise is
		# largest: three times the runs (they cost little)
		nr=$scale_runs
		[ "$n" -gt 10 ] || nr=$((3 * scale_runs))
		SC_RUNS[$n]=$nr
		for ((r = 0; r < nr; r++)); do
			# each round starts one variant later: none always follows
			# the same one (the kernel may still be freeing the last
			# run's programs), and a short pause lets it finish
			for ((j = 0; j < ${#svariants[@]}; j++)); do
				v=${svariants[(r + j) % ${#svariants[@]}]}
				svcmd "$v" "$stamp" "$stampf"
				sleep 0.2
				measure /dev/null -- "${CMD[@]}"
				echo "$L_attach_ms" >>"$sw/$v.$n.t"
				echo "$L_rss_kb" >>"$sw/$v.$n.m"
				echo "$L_wall_ms" >>"$sw/$v.$n.w"
				echo "$L_cpu_ms" >>"$sw/$v.$n.c"
			done
		done
		for v in "${svariants[@]}"; do
			SC_T[$v.$n]=$(median <"$sw/$v.$n.t")
			SC_TMIN[$v.$n]=$(minimum <"$sw/$v.$n.t")
			SC_M[$v.$n]=$(median <"$sw/$v.$n.m")
			SC_W[$v.$n]=$(median <"$sw/$v.$n.w")
			SC_C[$v.$n]=$(median <"$sw/$v.$n.c")
		done
	done
	echo "## g. scale: N tracepoint programs + ceil(N/4) syscall kprobes (2-3 forms each) in one object, spawn -> all attached (runs: $(for n in $scale_sizes; do printf 'N=%s %s, ' "$n" "${SC_RUNS[$n]}"; done | sed 's/, $//'); interleaved)"
	echo
	echo "this kernel: $([ "$kprobes" = 1 ] && echo kprobes || echo 'no kprobes'); the forms that run (section kinds run attaches): $(for n in $scale_sizes; do printf 'N=%s: %s; ' "$n" "${SC_FORMS[$n]}"; done | sed 's/; $//')"
	echo
	printf '%4s | %9s | %9s | %10s | %10s | %10s | %10s | %10s\n' N "BCC funcs" "ELF progs" "run cold" "min full" "run cache" "min cached" "diag. all"
	printf '%4s-|-%9s-|-%9s-|-%10s-|-%10s-|-%10s-|-%10s-|-%10s\n' ---- --------- --------- ---------- ---------- ---------- ---------- ----------
	scale_loaded_ok=1
	for n in $scale_sizes; do
		read -r funcs secs <<<"${SC_IN[$n]}"
		printf '%4s | %9s | %9s | %10s | %10s | %10s | %10s | %10s\n' "$n" "$funcs" "$secs" "${SC_LOADED[b2c_cold.$n]}" \
			"${SC_LOADED[min_full.$n]}" "${SC_LOADED[b2c_warm.$n]}" "${SC_LOADED[min_cached.$n]}" "${SC_LOADED[min_all.$n]}"
		for v in b2c_cold b2c_warm; do
			[ "${SC_LOADED[$v.$n]}" = "$funcs" ] || scale_loaded_ok=0
		done
	done
	echo "(programs loaded: bpf-prog fds of the loader once attached; one form of each BCC function expected)"
	echo
	echo "time to attached, median ms (ratio = bcc2core run / min_loader with the same BTF; best = ratio of the two fastest runs):"
	echo
	printf '%4s | %9s | %9s | %6s | %6s | %10s | %10s | %6s | %6s | %10s\n' N "run cold" "min full" ratio best "run cache" "min cached" ratio best "diag. all"
	printf '%4s-|-%9s-|-%9s-|-%6s-|-%6s-|-%10s-|-%10s-|-%6s-|-%6s-|-%10s\n' ---- --------- --------- ------ ------ ---------- ---------- ------ ------ ----------
	declare -A SC_WORST
	worst() { # KEY RATIO N: keeps the highest ratio and its N
		if [ -z "${SC_WORST[$1]:-}" ] || awk -v a="$2" -v b="${SC_WORST[$1]% *}" 'BEGIN { exit !(a == "nan" || a + 0 > b + 0) }'; then
			SC_WORST[$1]="$2 $3"
		fi
	}
	for n in $scale_sizes; do
		rc=$(ratio "${SC_T[b2c_cold.$n]}" "${SC_T[min_full.$n]}")
		rw=$(ratio "${SC_T[b2c_warm.$n]}" "${SC_T[min_cached.$n]}")
		worst tc "$rc" "$n"
		worst tw "$rw" "$n"
		printf '%4s | %9s | %9s | %5sx | %5sx | %10s | %10s | %5sx | %5sx | %10s\n' "$n" "$(fmt "${SC_T[b2c_cold.$n]}" %.2f)" \
			"$(fmt "${SC_T[min_full.$n]}" %.2f)" "$rc" "$(ratio "${SC_TMIN[b2c_cold.$n]}" "${SC_TMIN[min_full.$n]}")" \
			"$(fmt "${SC_T[b2c_warm.$n]}" %.2f)" "$(fmt "${SC_T[min_cached.$n]}" %.2f)" "$rw" \
			"$(ratio "${SC_TMIN[b2c_warm.$n]}" "${SC_TMIN[min_cached.$n]}")" "$(fmt "${SC_T[min_all.$n]}" %.2f)"
	done
	echo
	echo "peak RSS, median MiB:"
	echo
	printf '%4s | %9s | %9s | %6s | %10s | %10s | %6s | %10s\n' N "run cold" "min full" ratio "run cache" "min cached" ratio "diag. all"
	printf '%4s-|-%9s-|-%9s-|-%6s-|-%10s-|-%10s-|-%6s-|-%10s\n' ---- --------- --------- ------ ---------- ---------- ------ ----------
	mib2() { awk -v k="$1" 'BEGIN { printf "%.2f", k / 1024 }'; }
	for n in $scale_sizes; do
		rc=$(ratio "${SC_M[b2c_cold.$n]}" "${SC_M[min_full.$n]}")
		rw=$(ratio "${SC_M[b2c_warm.$n]}" "${SC_M[min_cached.$n]}")
		worst mc "$rc" "$n"
		worst mw "$rw" "$n"
		printf '%4s | %9s | %9s | %5sx | %10s | %10s | %5sx | %10s\n' "$n" "$(mib2 "${SC_M[b2c_cold.$n]}")" \
			"$(mib2 "${SC_M[min_full.$n]}")" "$rc" "$(mib2 "${SC_M[b2c_warm.$n]}")" \
			"$(mib2 "${SC_M[min_cached.$n]}")" "$rw" "$(mib2 "${SC_M[min_all.$n]}")"
	done
	echo
	echo "diag.: CPU time of the whole run (wait4() user + system, load to detach), median ms:"
	echo
	printf '%4s | %9s | %9s | %6s | %10s | %10s | %6s | %10s\n' N "run cold" "min full" ratio "run cache" "min cached" ratio "diag. all"
	printf '%4s-|-%9s-|-%9s-|-%6s-|-%10s-|-%10s-|-%6s-|-%10s\n' ---- --------- --------- ------ ---------- ---------- ------ ----------
	for n in $scale_sizes; do
		printf '%4s | %9s | %9s | %5sx | %10s | %10s | %5sx | %10s\n' "$n" "$(fmt "${SC_C[b2c_cold.$n]}" %.1f)" \
			"$(fmt "${SC_C[min_full.$n]}" %.1f)" "$(ratio "${SC_C[b2c_cold.$n]}" "${SC_C[min_full.$n]}")" \
			"$(fmt "${SC_C[b2c_warm.$n]}" %.1f)" "$(fmt "${SC_C[min_cached.$n]}" %.1f)" \
			"$(ratio "${SC_C[b2c_warm.$n]}" "${SC_C[min_cached.$n]}")" "$(fmt "${SC_C[min_all.$n]}" %.1f)"
	done
	echo
	echo "whole run (spawn -> exit: load, attach, stamp, detach), median ms: $(for n in $scale_sizes; do
		printf 'N=%s run %s / min %s; ' "$n" "$(fmt "${SC_W[b2c_warm.$n]}" %.0f)" "$(fmt "${SC_W[min_cached.$n]}" %.0f)"; done | sed 's/; $//')"
	echo "first run of each object (fills the BTF cache), attached in: $(for n in $scale_sizes; do
		printf 'N=%s %s ms; ' "$n" "$(fmt "${SC_FIRST[$n]}" %.1f)"; done | sed 's/; $//')"
	echo "load average after this section: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
	for g in "tc:time, run (cold) / min loader (full BTF)" "mc:RSS, run (cold) / min loader (full BTF)" \
		"tw:time, run (cache) / min loader + min. BTF" "mw:RSS, run (cache) / min loader + min. BTF"; do
		read -r r at <<<"${SC_WORST[${g%%:*}]}"
		goal "scale: ${g#*:} <= 1.2x, every N" "highest ${r}x (N=$at)" "$(pass_if "$r" '<=' 1.2)"
	done
	goal "scale: unused forms never loaded (run loads 1 form per func)" "$([ "$scale_loaded_ok" = 1 ] && echo "N + ceil(N/4) of the ELF programs in the table" || echo "more or fewer, see table")" "$([ "$scale_loaded_ok" = 1 ] && echo PASS || echo MISS)"
	echo
fi

# ================================================================ summary
echo "## summary"
echo
printf '%-62s | %-30s | %s\n' goal measured result
printf '%-62s-|-%-30s-|-%s\n' "$(printf -- '-%.0s' {1..62})" ------------------------------ ------
for s in "${summary[@]}"; do echo "$s"; done
echo
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "run.sh took $(awk -v a="$t_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }') s"
