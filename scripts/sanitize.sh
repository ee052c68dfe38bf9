#!/bin/bash
# scripts/sanitize.sh: the test suite under AddressSanitizer + UBSan (and
# LeakSanitizer), then `bcc2core run` under valgrind.
#
#   1. configures build-asan (SANITIZE_BUILD_DIR) with -DBCC2CORE_SANITIZE=ON
#      (-fsanitize=address,undefined everywhere: the command, the libraries,
#      and the dlopen'ed rewriter module, which resolves the sanitizer
#      runtime from the command that loads it), with clang, else gcc (CC=)
#   2. runs ctest there, every label but guest, guest-all, corpus, fuzz and sanitize (extra arguments go
#      to ctest), and prints ctest's summary. Every sanitizer report of every
#      process the tests start is kept (log_path) and listed after the
#      summary, grouped by the first bcc2core frame. A report is an error:
#      the process exits 86 (not 1, which bad-input tests expect), UBSan halts
#      at its first report except those in compat-tests/fuzz/ubsan.supp
#      (reported bugs), LSan ignores libclang's own allocations only
#      (compat-tests/fuzz/lsan.supp)
#   3. rebuilds build/ (the normal build), builds examples/execsnoop_ppid.bcc.c
#      with it and runs `valgrind --error-exitcode=1 --leak-check=full
#      --errors-for-leak-kinds=definite build/bin/bcc2core run --json OBJ --
#      /bin/true`: with an empty BTF cache (the run stores its minimized BTF),
#      then again (the run loads it); and `bcc2core build` (the dlopen'ed
#      rewriter and libclang) under the same valgrind options. valgrind
#      3.19's false positives (its bpf(2) checks ignore the attr size; ld.so's
#      strncmp) are suppressed by compat-tests/fuzz/valgrind.supp
# Exits 0 only if ctest passed, no sanitizer report was written and valgrind
# found no error and no definite leak. Needs root (the suite loads programs).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SANITIZE_BUILD_DIR:-$root/build-asan}
supp=$root/compat-tests/fuzz
cc=${CC:-$(command -v clang || command -v gcc)}
status=0

echo "== configure and build $build ($cc, BCC2CORE_SANITIZE=ON)"
mkdir -p "$build"
cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER="$cc" -DBCC2CORE_SANITIZE=ON \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build/sanitize-configure.log" 2>&1 ||
	{ tail -30 "$build/sanitize-configure.log"; exit 2; }
# the build runs sanitized tools (the PCH maker): no leak checks there
ASAN_OPTIONS=detect_leaks=0 cmake --build "$build" -j"$(nproc)" >"$build/sanitize-build.log" 2>&1 ||
	{ tail -30 "$build/sanitize-build.log"; exit 2; }

# the reports are written, and the suppression files read, where every
# process the tests start can reach them, the bad-input test run as nobody
# included: the tree may lie under a directory only root can enter (/root);
# the reports are copied back at the end
logs=$build/sanitizer-logs
rm -rf "$logs"
mkdir -p "$logs"
# ctest ends a run at its timeout with SIGKILL, which no trap sees: what
# such a run left is removed once its owner is gone (a run beside this one
# keeps its own)
for d in /var/tmp/bcc2core-sanitizer-logs.*; do
	[ -d "$d" ] || continue
	owner=$(cat "$d/owner" 2>/dev/null)
	[ -n "$owner" ] && kill -0 "$owner" 2>/dev/null && continue
	rm -rf "$d"
done
tmplogs=$(mktemp -d /var/tmp/bcc2core-sanitizer-logs.XXXXXX)
echo $$ >"$tmplogs/owner"
# gone however else the run ends (an error, a signal), with valgrind's below
trap 'rm -rf "$tmplogs" "${work:-}"' EXIT
chmod 1777 "$tmplogs"
mkdir "$tmplogs/supp"
cp "$supp/ubsan.supp" "$supp/lsan.supp" "$tmplogs/supp/"
chmod -R a+rX "$tmplogs/supp"
common="exitcode=86:print_stacktrace=1:log_path=$tmplogs/report"
export ASAN_OPTIONS="$common:halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1"
export UBSAN_OPTIONS="$common:halt_on_error=1:suppressions=$tmplogs/supp/ubsan.supp"
export LSAN_OPTIONS="$common:suppressions=$tmplogs/supp/lsan.supp:print_suppressions=0"
echo "== ctest (labels but guest, guest-all, corpus, fuzz, sanitize) in $build"
echo "   UBSan suppressions (reported bugs): $(grep -v '^\s*\(#\|$\)' "$supp/ubsan.supp" | tr '\n' ' ')"
(cd "$build" && ctest -j2 --output-on-failure -LE '^(guest|guest-all|corpus|fuzz|sanitize)$' "$@") >"$build/sanitize-ctest.log" 2>&1
ctest_rc=$?
sed -n '/tests passed\|tests failed/,$p' "$build/sanitize-ctest.log"
[ $ctest_rc = 0 ] || status=1
unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS

echo "== sanitizer reports"
find "$tmplogs" -maxdepth 1 -type f ! -name owner -exec cp {} "$logs"/ \;
rm -rf "$tmplogs"
nrep=$(find "$logs" -type f | wc -l)
if [ "$nrep" = 0 ]; then
	echo "   none"
else
	status=1
	echo "   $nrep report file(s) in $logs; by kind and first bcc2core frame:"
	for f in "$logs"/*; do
		what=$(grep -m1 -oE 'ERROR: [A-Za-z]+Sanitizer: [A-Za-z-]+|runtime error: [a-z ]+[a-z]' "$f" | sed 's/ERROR: //')
		where=$(grep -m1 -oE ' in [A-Za-z_0-9]+ /[^ ]*/(rewriter|runtime|common|frontend)/[^ ]+' "$f" | sed "s| in ||;s|$root/||")
		[ -z "$where" ] && where=$(grep -m1 -oE '^/[^ ]*/(rewriter|runtime|common|frontend)/[^ :]+:[0-9]+' "$f" | sed "s|$root/||")
		echo "${what:-?} at ${where:-?}"
	done | sort | uniq -c | sed 's/^/   /'
fi

echo "== valgrind: bcc2core run --json (build/)"
if ! command -v valgrind >/dev/null; then
	echo "   valgrind not installed (apt-get install valgrind)"
	status=1
elif [ ! -f "$root/build/CMakeCache.txt" ]; then
	echo "   no build/ (scripts/setup.sh makes it)"
	status=1
else
	cmake --build "$root/build" -j"$(nproc)" >"$build/sanitize-build-main.log" 2>&1 ||
		{ tail -30 "$build/sanitize-build-main.log"; exit 2; }
	work=$(mktemp -d /tmp/bcc2core-sanitize-XXXXXX)
	bin=$root/build/bin/bcc2core
	vg=(valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite
	    --show-leak-kinds=definite --suppressions="$supp/valgrind.supp")
	"$bin" build "$root/examples/execsnoop_ppid.bcc.c" -o "$work/execsnoop_ppid.bpf.o" ||
		{ echo "   cannot build the example"; exit 2; }
	export BCC2CORE_CACHE_DIR=$work/cache	# a private, empty BTF cache
	for what in "run, empty BTF cache" "run, cached BTF" build; do
		case $what in
		run*) cmd=("$bin" run --json "$work/execsnoop_ppid.bpf.o" -- /bin/true) ;;
		build) cmd=("$bin" build "$root/examples/execsnoop_ppid.bcc.c" -o "$work/again.bpf.o") ;;
		esac
		log=$work/valgrind-${what//[ ,]/_}.log
		"${vg[@]}" --log-file="$log" "${cmd[@]}" >"$work/out" 2>&1
		rc=$?
		errs=$(sed -nE 's/.*ERROR SUMMARY: ([0-9]+) errors.*/\1/p' "$log" | tail -1)
		sup=$(sed -nE 's/.*ERROR SUMMARY: .*suppressed: ([0-9]+) from.*/\1/p' "$log" | tail -1)
		def=$(sed -nE 's/.*definitely lost: ([0-9,]+) bytes in ([0-9,]+) blocks.*/\1 bytes in \2 blocks/p' "$log" | tail -1)
		inuse=$(sed -nE 's/.*in use at exit: ([0-9,]+ bytes in [0-9,]+ blocks).*/\1/p' "$log" | tail -1)
		echo "   $what: exit $rc, ${errs:-?} errors (${sup:-0} known false positives suppressed), definitely lost: ${def:-0 bytes}; in use at exit: ${inuse:-?}"
		if [ "$rc" != 0 ] || [ "${errs:-1}" != 0 ]; then
			status=1
			cp "$log" "$build/"
			grep -A14 -E 'Invalid|uninitialised|definitely lost in' "$log" | head -60 | sed 's/^/     /'
			echo "     (full log: $build/$(basename "$log"))"
		fi
	done
	echo "   (BTF cache after the runs: $(find "$work/cache" -name '*.btf' | wc -l) file(s))"
fi

echo "== $( [ $status = 0 ] && echo "sanitize: clean" || echo "sanitize: FAILED (see above)")"
exit $status
