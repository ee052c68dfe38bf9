#!/usr/bin/env bash
# smoke.sh: check the "second kernel" guest lane end to end.
#
#   a. `uname -r` in the guest is the Debian 6.1 kernel prepare.sh picked
#   b. kprobes exist in the guest (kprobe_events; a kprobe event registers)
#   c. a BCC Python program (/usr/bin/python3) attaches a syscall kprobe
#      and counts execve() calls made by /bin/true (> 0)
#   d. fentry: the same BCC program's KFUNC_PROBE counts them too (> 0)
#   e. run-in-guest.sh returns CMD's stdout, stderr and exit status
#   f. if build/bin/bcc2core exists: examples/execsnoop_ppid.bcc.c built on
#      the host runs in the guest with `bcc2core run --json`, and a JSON map
#      line for "execs" appears
#
# Prints PASS/FAIL/SKIP per check and ends with "N passed, N failed, N skipped".
# Exit status: 0 all passed, 1 a check failed, 77 QEMU or the guest kernel
# cannot be had.  Env: BCC2CORE_BIN or BCC2CORE (the bcc2core binary; default
# <repo>/build/bin/bcc2core).
set -euo pipefail
# shellcheck source=fail_loudly.sh
. "$(dirname "${BASH_SOURCE[0]}")/fail_loudly.sh"

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
RUN="$HERE/run-in-guest.sh"
BCC2CORE=${BCC2CORE_BIN:-${BCC2CORE:-$REPO/build/bin/bcc2core}}

passed=0 failed=0 skipped=0
work="" share=""
cleanup() {
	if [[ -n "$work" ]]; then rm -rf -- "$work"; fi
	if [[ -n "$share" ]]; then rm -rf -- "$share"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

now() { date +%s.%N; }
secs() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }'; }
pass() { printf 'PASS %s (%ss)\n' "$1" "$2"; passed=$((passed + 1)); }
skip() { printf 'SKIP %s: %s\n' "$1" "$2"; skipped=$((skipped + 1)); }
fail() {
	printf 'FAIL %s (%ss): %s\n' "$1" "$2" "$3"
	failed=$((failed + 1))
	local f
	for f in "$work/out" "$work/err"; do
		if [[ -s $f ]]; then
			printf -- '  --- %s ---\n' "$(basename "$f")"
			tail -n 15 "$f" | sed 's/^/  | /'
		fi
	done
}

# guest TIMEOUT CMD...: run CMD in the guest; stdout/stderr in $work/out,
# $work/err; sets $grc to its status.
guest() {
	local t=$1
	shift
	grc=0
	"$RUN" --timeout "$t" -- "$@" >"$work/out" 2>"$work/err" || grc=$?
	if [[ $grc -eq 77 ]]; then
		echo "SKIP all: QEMU or the guest kernel became unavailable"
		exit 77
	fi
}

work=$(mktemp -d "${TMPDIR:-/tmp}/bcc2core-smoke.XXXXXX")
t_all=$(now)

# --- prepare -------------------------------------------------------------------
t=$(now)
prc=0
"$HERE/prepare.sh" >"$work/prep" 2>"$work/prep.err" || prc=$?
if [[ $prc -eq 77 ]]; then
	printf 'SKIP all: %s\n' "$(grep -m1 'error:' "$work/prep.err" || tail -n 1 "$work/prep.err")"
	echo "0 passed, 0 failed, 1 skipped"
	exit 77
elif [[ $prc -ne 0 ]]; then
	cp "$work/prep.err" "$work/err"
	: >"$work/out"
	fail prepare "$(secs "$t")" "prepare.sh exited $prc"
	echo "$passed passed, $failed failed, $skipped skipped"
	exit 1
fi
kver=$(sed -n 's/^BCC2CORE_GUEST_KVER=//p' "$work/prep")
printf 'prepare: guest kernel %s ready (%ss)\n' "$kver" "$(secs "$t")"

# --- a. uname -r -----------------------------------------------------------------
t=$(now)
guest 120 uname -r
got=$(head -n 1 "$work/out")
if [[ $grc -eq 0 && $got == "$kver" && $got == 6.1.* ]]; then
	pass "a. guest uname -r is $got" "$(secs "$t")"
else
	fail "a. guest uname -r" "$(secs "$t")" "status $grc, got '$got', want '$kver'"
fi

# --- b. kprobes ------------------------------------------------------------------
t=$(now)
# shellcheck disable=SC2016 # expanded by the guest's sh
guest 120 sh -c '
	ke=/sys/kernel/tracing/kprobe_events
	test -w "$ke" || { echo "no writable $ke" >&2; exit 1; }
	echo "p:bcc2core_smoke do_sys_openat2" >>"$ke" || exit 1
	grep bcc2core_smoke "$ke" || exit 1
	echo "-:bcc2core_smoke" >>"$ke"'
if [[ $grc -eq 0 ]] && grep -q 'bcc2core_smoke' "$work/out"; then
	pass "b. kprobe_events present, a kprobe registers" "$(secs "$t")"
else
	fail "b. kprobes in the guest" "$(secs "$t")" "status $grc"
fi

# --- c, d. BCC kprobe + fentry -----------------------------------------------------
t=$(now)
guest 300 /usr/bin/python3 "$HERE/bcc_kprobe_smoke.py"
el=$(secs "$t")
kc=$(sed -n 's/^kprobe_execve_count=//p' "$work/out")
fc=$(sed -n 's/^fentry_execve_count=//p' "$work/out")
if [[ $grc -eq 0 && ${kc:-0} -gt 0 ]]; then
	pass "c. BCC syscall kprobe counted $kc execve" "$el"
else
	fail "c. BCC syscall kprobe" "$el" "status $grc, count '${kc:-}'"
fi
if [[ ${fc:-0} -gt 0 ]]; then
	pass "d. BCC fentry (KFUNC_PROBE) counted $fc execve" "$el"
else
	fail "d. BCC fentry" "$el" "$(grep -m1 '^fentry_error=' "$work/out" || echo "status $grc, count '${fc:-}'")"
fi

# --- e. status/stdout/stderr propagation -----------------------------------------------
t=$(now)
guest 120 sh -c 'echo to-stdout; echo to-stderr >&2; exit 7'
if [[ $grc -eq 7 ]] && grep -qx to-stdout "$work/out" && grep -qx to-stderr "$work/err" &&
	! grep -q to-stderr "$work/out"; then
	pass "e. exit status 7, stdout and stderr returned" "$(secs "$t")"
else
	fail "e. status/output propagation" "$(secs "$t")" "status $grc (want 7)"
fi

# --- f. bcc2core run in the guest ---------------------------------------------------------
if [[ ! -x "$BCC2CORE" ]]; then
	skip "f. bcc2core run --json in the guest" "no $BCC2CORE (build the project first)"
else
	t=$(now)
	# Built on the host into a directory the guest sees (its /tmp is a fresh tmpfs).
	share=$(mktemp -d /var/tmp/bcc2core-smoke.XXXXXX)
	chmod 0755 "$share"
	if ! "$BCC2CORE" build "$REPO/examples/execsnoop_ppid.bcc.c" -o "$share/execsnoop_ppid.bpf.o" \
		>"$work/out" 2>"$work/err"; then
		fail "f. bcc2core build (host)" "$(secs "$t")" "build failed"
	else
		guest 300 "$BCC2CORE" run --json "$share/execsnoop_ppid.bpf.o" -- sh -c '/bin/true'
		if [[ $grc -eq 0 ]] && grep -q '"type":"map","name":"execs"' "$work/out" &&
			grep '"name":"execs"' "$work/out" | grep -q '"comm":"true"'; then
			pass "f. bcc2core run --json execsnoop_ppid in the guest" "$(secs "$t")"
		else
			fail "f. bcc2core run --json in the guest" "$(secs "$t")" "status $grc, no execs map line with comm true"
		fi
	fi
fi

printf 'total %ss\n' "$(secs "$t_all")"
echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
