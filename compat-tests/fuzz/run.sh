#!/bin/bash
# run.sh [SECONDS]: build the libFuzzer targets and fuzz each for SECONDS
# (default 60; 0: build, seeds and regressions only).
#
#   1. configures FUZZ_BUILD_DIR (default build-fuzz) with CC=clang,
#      BCC2CORE_SANITIZE=ON and BCC2CORE_FUZZ=ON, builds fuzz_rewriter,
#      fuzz_object and bcc2core (sanitized too: it builds the seed objects)
#   2. makes the seed corpora (seeds.sh: programs, and objects built now)
#   3. replays every input under regressions/<target>/: each must pass
#   4. fuzzes each target for SECONDS (-fork=1 -ignore_crashes=1: a campaign
#      goes on past a crash, so one run finds more than one bug), corpus kept
#      in FUZZ_BUILD_DIR/fuzz-corpus/<target> from run to run
#   5. prints per target: executions, coverage of the final corpus (cov/ft,
#      measured in one process so that runs compare), crashes, leaks,
#      timeouts and OOMs, grouped by where they happen (the first bcc2core
#      frame); the smallest input of each group is copied to
#      FUZZ_BUILD_DIR/fuzz-found/<target>/ for regressions/
# Exits 1 if a regression fails or the campaign found a crash, leak, timeout
# or OOM; 2 if it could not build. A crash whose crashing frame is in
# libbpf, libelf or libclang/LLVM, and a leak allocated on libclang's parse
# thread with no bcc2core frame, are listed as third-party and do not fail
# the run unless FUZZ_STRICT=1 (libbpf 1.1's ELF parser is not hardened
# against malformed objects; `run` takes objects made by `build`).
#
# Environment: FUZZ_BUILD_DIR, FUZZ_TARGETS ("fuzz_rewriter fuzz_object"),
# FUZZ_TIMEOUT (s per input, 30), FUZZ_RSS_MB (4096), FUZZ_JOBS (build -j),
# FUZZ_SKIP (campaign only, default none; "short-record bad-name": bugs a
# harness steps around so that the campaign gets past them; fuzz_object.c),
# FUZZ_SEED (libFuzzer -seed; default 0, a new one each run; the ctest run
# fixes it, so that it explores the same inputs every time and a red test is
# a regression, not a new find: new ground is the long campaigns' job).
# Sanitizer options: halt on UBSan except ubsan.supp's (each line a reported
# bug); LSan suppressions in lsan.supp (libclang's own).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=${1:-60}
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
targets=${FUZZ_TARGETS:-fuzz_rewriter fuzz_object}
per_input=${FUZZ_TIMEOUT:-30}
rss=${FUZZ_RSS_MB:-4096}
skip=${FUZZ_SKIP-}
seed=${FUZZ_SEED:-0}	# 0: libFuzzer picks one (a campaign); ctest fixes it
case $secs in ''|*[!0-9]*) echo "usage: run.sh [SECONDS]" >&2; exit 2 ;; esac

echo "== configure and build ($build)"
mkdir -p "$build"
CC=${CC:-clang} cmake -S "$root" -B "$build" -DBCC2CORE_SANITIZE=ON -DBCC2CORE_FUZZ=ON \
	-DCMAKE_PROJECT_INCLUDE="$here/hook.cmake" >"$build/fuzz-configure.log" 2>&1 ||
	{ tail -30 "$build/fuzz-configure.log"; exit 2; }
# the sanitized build tools (mkpch, bcc2core for the seeds) exit with
# libclang's allocations still live: no leak checks outside the fuzzers
export ASAN_OPTIONS=detect_leaks=0
cmake --build "$build" -j"${FUZZ_JOBS:-$(nproc)}" --target $targets bcc2core bcc2core_pch \
	>"$build/fuzz-build.log" 2>&1 || { tail -30 "$build/fuzz-build.log"; exit 2; }

echo "== seeds"
"$here/seeds.sh" "$build/fuzz-seeds" "$build/bin/bcc2core" || exit 2

work=$(mktemp -d /tmp/bcc2core-fuzz-XXXXXX)
trap 'rm -rf "$work"' EXIT
export BCC2CORE_DATADIR=$build/share/bcc2core
export TMPDIR=$work	# fuzz_object extracts bundled BTF there
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export LSAN_OPTIONS=suppressions=$here/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:suppressions=$here/ubsan.supp
nsupp=$(grep -cv '^\s*\(#\|$\)' "$here/ubsan.supp")
echo "   UBSan: halts on any report except $nsupp open, reported ones (ubsan.supp)"

seed_dir() { case $1 in fuzz_rewriter) echo "$build/fuzz-seeds/rewriter" ;; *) echo "$build/fuzz-seeds/object" ;; esac; }

# signature FILE TARGET SKIP: what the input does, as "what at where", where
# being the first bcc2core frame of the report's first stack, after the
# third-party library it crashed in, if any ("libbpf.so.1 via ...")
signature() {
	local out rc
	out=$(FUZZ_SKIP=$3 ASAN_OPTIONS=$ASAN_OPTIONS:fast_unwind_on_malloc=0 \
		timeout $((per_input * 2 + 10)) "$build/fuzz/$2" -timeout="$per_input" \
		-rss_limit_mb="$rss" "$1" 2>&1)
	rc=$?
	[ $rc = 0 ] && { echo ok; return; }
	python3 -c "$signature_py" "$root" "$rc" <<<"$out"
}
signature_py=$(cat <<'PY'
import re, sys
root, rc = sys.argv[1], sys.argv[2]
text = sys.stdin.read()
m = re.search(r"ERROR: (\w+Sanitizer: [\w-]+)|runtime error: ([a-z ]+[a-z])|ERROR: libFuzzer: ([\w-]+)", text)
what = next((g for g in m.groups() if g), "") if m else "exit " + rc
if "fuzz_rewriter: libclang crashed" in text:
    print("libclang crashed (CXError_Crashed, caught by its crash recovery) at libclang via "
          "bcc2core_rewriter__rewrite")
    sys.exit(0)
if "libclang: crash detected" in text:
    what += " (libclang crashed)"
ours = lib = None
for line in text.splitlines():
    if re.match(r"\s+#0 ", line) and ours:
        break	# the next stack
    if not re.match(r"\s+#\d+ ", line):
        continue
    f = re.search(r" in (\S+) (/\S*/(rewriter|runtime|common|frontend)/\S+)", line)
    if f:
        ours = f"{f.group(1)} {f.group(2).replace(root + '/', '')}"
        break
    t = re.search(r"\((?:/\S*/)?((?:libbpf|libelf|libclang|libLLVM)[^)+ ]*)", line)
    if t and not lib:
        lib = t.group(1)
where = f"{lib} via {ours or '?'}" if lib else (ours or "?")
print(f"{what} at {where}")
PY
)

status=0
echo "== regressions"
for t in $targets; do
	for f in "$here/regressions/$t"/*; do
		[ -f "$f" ] || continue
		s=$(signature "$f" "$t" "")
		if [ "$s" = ok ]; then
			echo "   ok    $t/$(basename "$f")"
		else
			echo "   FAIL  $t/$(basename "$f"): $s"
			status=1
		fi
	done
done

summary=()
[ "$secs" = 0 ] && targets_fuzzed= || targets_fuzzed=$targets
for t in $targets_fuzzed; do
	corpus=$build/fuzz-corpus/$t
	art=$work/artifacts-$t
	mkdir -p "$corpus" "$art"
	echo "== $t: $secs s"
	FUZZ_SKIP=$skip "$build/fuzz/$t" -fork=1 -seed="$seed" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
		-max_total_time="$secs" -timeout="$per_input" -rss_limit_mb="$rss" \
		-artifact_prefix="$art/" "$corpus" "$(seed_dir "$t")" >"$work/$t.log" 2>&1
	last=$(grep -E '^#[0-9]+: cov:' "$work/$t.log" | tail -1)
	execs=$(sed -nE 's/^#([0-9]+):.*/\1/p' <<<"$last")
	# coverage of the corpus now, in one process: comparable between runs
	FUZZ_SKIP=$skip "$build/fuzz/$t" -runs=0 -timeout="$per_input" -rss_limit_mb="$rss" \
		"$corpus" >"$work/$t.cov.log" 2>&1
	cov=$(grep -oE 'INITED cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$work/$t.cov.log" | tail -1 |
	      sed -E 's/INITED cov: ([0-9]+) ft: ([0-9]+) corp: ([0-9]+)/cov \1, ft \2, corpus \3/')
	declare -A groups=() sample=()
	ncrash=0 nleak=0 ntimeout=0 noom=0
	for a in "$art"/crash-* "$art"/leak-* "$art"/timeout-* "$art"/oom-*; do
		[ -f "$a" ] || continue
		kind=$(basename "$a" | cut -d- -f1)
		case $kind in crash) ncrash=$((ncrash + 1)) ;; leak) nleak=$((nleak + 1)) ;;
			timeout) ntimeout=$((ntimeout + 1)) ;; oom) noom=$((noom + 1)) ;; esac
		s="$kind: $(signature "$a" "$t" "$skip")"
		if [ "$kind" = crash ] && [[ $s =~ \ at\ (libbpf|libelf|libclang|libLLVM)[^\ ]*\ via\  ]]; then
			# the crashing frame is the library's (for libclang: it crashed, its
			# crash recovery caught it, fuzz_rewriter.c aborted on the error)
			s="$s [third-party]"
		elif [ "$kind" = leak ] && [[ $s =~ \ at\ (libclang|libLLVM)[^\ ]*\ via\ \?$ ]]; then
			# allocated and owned on libclang's parse thread, no bcc2core
			# frame on the way (bcc2core's own leaks fail the sanitized suite)
			s="$s [third-party]"
		fi
		groups[$s]=$(( ${groups[$s]:-0} + 1 ))
		if [ -z "${sample[$s]:-}" ] || [ "$(stat -c %s "$a")" -lt "$(stat -c %s "${sample[$s]}")" ]; then
			sample[$s]=$a
		fi
	done
	line="$t: ${execs:-0} executions in $secs s, ${cov:-coverage ?}; crashes $ncrash, leaks $nleak, timeouts $ntimeout, OOMs $noom"
	echo "   $line"
	summary+=("$line")
	if [ ${#groups[@]} -gt 0 ]; then
		mkdir -p "$build/fuzz-found/$t"
		for s in "${!groups[@]}"; do
			cp "${sample[$s]}" "$build/fuzz-found/$t/"
			echo "   ${groups[$s]}x $s  (e.g. fuzz-found/$t/$(basename "${sample[$s]}"), $(stat -c %s "${sample[$s]}") bytes)"
			summary+=("   ${groups[$s]}x $s")
			if [[ $s != *"[third-party]" ]] || [ "${FUZZ_STRICT:-0}" = 1 ]; then
				status=1
			fi
		done
	fi
	unset groups sample
done
echo "== summary"
[ ${#summary[@]} -gt 0 ] && printf '%s\n' "${summary[@]}"
[ $status = 0 ] && echo "no crashes, leaks or timeouts" || echo "FAILED (see above)"
exit $status
