#!/usr/bin/env bash
# run-in-guest.sh: run one command inside a QEMU (TCG) guest booting Debian's
# own 6.1 kernel, chrooted into the host root (shared read-only over 9p).
#
# usage: run-in-guest.sh [OPTIONS] -- CMD [ARG...]
#   --timeout SECS   kill the VM after SECS (default 600, env BCC2CORE_GUEST_TIMEOUT)
#   --mem MIB        guest memory (default 3072, env BCC2CORE_GUEST_MEM)
#   --smp N          guest vCPUs (default 2, env BCC2CORE_GUEST_SMP)
#   --env NAME=VAL   set a variable for CMD (repeatable)
#   --rw DIR         share host DIR writable at the same path (repeatable)
#   --disk FILE      attach FILE (raw image) as a virtio disk: /dev/vda, vdb, ...
#                    in order (repeatable; modprobe virtio_blk in the guest)
#   --verbose        print the guest console log to stderr at the end
#
# BCC2CORE_GUEST_ICOUNT=SHIFT (with --smp 1): the guest's clock counts the
# instructions it executes, 2^SHIFT ns each, instead of following the host's.
#
# CMD runs as root with the caller's cwd (when visible in the guest: the
# guest's /tmp and /run are fresh tmpfs), PATH, HOME, LANG/LC_*, TERM and any
# BCC*/LIBBPF* variables.  Its stdout/stderr stream to ours; our exit status
# is CMD's.  Other statuses: 124 timeout, 125 the guest failed to run CMD,
# 77 QEMU or the guest kernel is unavailable (from prepare.sh).
set -euo pipefail
# shellcheck source=fail_loudly.sh
. "$(dirname "${BASH_SOURCE[0]}")/fail_loudly.sh"

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TIMEOUT=${BCC2CORE_GUEST_TIMEOUT:-600}
MEM=${BCC2CORE_GUEST_MEM:-3072}
SMP=${BCC2CORE_GUEST_SMP:-2}
VERBOSE=0
declare -a EXTRA_ENV=() RW_DIRS=() DISKS=()

usage() {
	sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}" >&2
	exit 2
}
die() { printf 'run-in-guest.sh: %s\n' "$1" >&2; exit "${2:-125}"; }

while [[ $# -gt 0 ]]; do
	case "$1" in
	--timeout) [[ $# -ge 2 ]] || usage; TIMEOUT=$2; shift 2 ;;
	--timeout=*) TIMEOUT=${1#*=}; shift ;;
	--mem) [[ $# -ge 2 ]] || usage; MEM=$2; shift 2 ;;
	--smp) [[ $# -ge 2 ]] || usage; SMP=$2; shift 2 ;;
	--env) [[ $# -ge 2 && $2 == *=* ]] || usage; EXTRA_ENV+=("$2"); shift 2 ;;
	--rw) [[ $# -ge 2 ]] || usage; RW_DIRS+=("$2"); shift 2 ;;
	--disk) [[ $# -ge 2 ]] || usage; DISKS+=("$2"); shift 2 ;;
	--verbose | -v) VERBOSE=1; shift ;;
	--) shift; break ;;
	-h | --help) usage ;;
	*) usage ;;
	esac
done
[[ $# -gt 0 ]] || usage
[[ $TIMEOUT =~ ^[0-9]+$ && $TIMEOUT -gt 0 ]] || die "bad --timeout '$TIMEOUT'" 2

# --- kernel, initramfs -------------------------------------------------------
prep_rc=0
prep_out=$("$HERE/prepare.sh") || prep_rc=$?
if [[ $prep_rc -ne 0 ]]; then
	[[ $prep_rc -eq 77 ]] && exit 77
	die "prepare.sh failed (status $prep_rc)"
fi
BCC2CORE_GUEST_KVER="" BCC2CORE_GUEST_KERNEL="" BCC2CORE_GUEST_INITRD="" BCC2CORE_GUEST_MODDIR=""
while IFS='=' read -r key val; do
	case "$key" in
	BCC2CORE_GUEST_KVER | BCC2CORE_GUEST_KERNEL | BCC2CORE_GUEST_INITRD | BCC2CORE_GUEST_MODDIR)
		printf -v "$key" '%s' "$val" ;;
	esac
done <<<"$prep_out"
[[ -f $BCC2CORE_GUEST_KERNEL && -f $BCC2CORE_GUEST_INITRD ]] || die "prepare.sh gave no kernel/initramfs"

# --- results share -----------------------------------------------------------
res=""
qpid=""
declare -a tails=()
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
	local p
	if [[ -n "$qpid" ]] && kill -0 "$qpid" 2>/dev/null; then
		kill -TERM "$qpid" 2>/dev/null || true
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$qpid" 2>/dev/null || break
			sleep 0.2
		done
		# timeout(1) forwards TERM to QEMU; a KILL of it kills QEMU through
		# QEMU's parent-death signal.
		kill -KILL "$qpid" 2>/dev/null || true
	fi
	for p in "${tails[@]}"; do kill "$p" 2>/dev/null || true; done
	if [[ -n "$res" && "${BCC2CORE_GUEST_KEEP:-0}" == 0 ]]; then
		rm -rf -- "$res"
	elif [[ -n "$res" ]]; then
		printf 'run-in-guest.sh: kept %s\n' "$res" >&2
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

res=$(mktemp -d "${TMPDIR:-/tmp}/bcc2core-guest.XXXXXX")
chmod 0755 "$res"
: >"$res/stdout"
: >"$res/stderr"
printf '%s\n' "$res" >"$res/resdir"
printf '%s\n' "$BCC2CORE_GUEST_MODDIR" >"$res/moddir"

declare -a share_args=()
: >"$res/rw"
i=0
for d in "${RW_DIRS[@]}"; do
	[[ -d $d ]] || die "--rw $d: not a directory" 2
	d=$(cd "$d" && pwd -P)
	[[ $d != *[[:space:]]* ]] || die "--rw $d: paths with spaces are not supported" 2
	share_args+=(-virtfs "local,path=$d,mount_tag=rw$i,security_model=none,multidevs=remap")
	printf 'rw%d %s\n' "$i" "$d" >>"$res/rw"
	i=$((i + 1))
done

# Scratch disks (raw images) for tests that need a real block device.
for f in "${DISKS[@]}"; do
	[[ -f $f && -w $f ]] || die "--disk $f: not a writable file" 2
	[[ $f != *,* ]] || die "--disk $f: paths with commas are not supported" 2
	share_args+=(-drive "file=$f,format=raw,if=virtio")
done

case "$PWD/" in
/tmp/* | /run/* | /dev/shm/*)
	shadowed=1
	for d in "${RW_DIRS[@]}"; do
		d=$(cd "$d" && pwd -P)
		case "$PWD/" in "$d"/*) shadowed=0 ;; esac
	done
	if [[ $shadowed -eq 1 ]]; then
		printf 'run-in-guest.sh: warning: cwd %s is on a fresh tmpfs in the guest (host files there are not visible; use --rw)\n' "$PWD" >&2
	fi
	;;
esac

# The command script: cwd, environment, then exec CMD.
{
	printf '# generated by run-in-guest.sh\n'
	printf 'cd -- %q 2>/dev/null || { echo "run-in-guest.sh: cwd %s not visible in the guest, using /" >&2; cd /; }\n' \
		"$PWD" "${PWD//[^[:alnum:]\/._-]/?}"
	for v in PATH HOME LANG LANGUAGE TERM TZ USER LOGNAME $(compgen -e | grep -E '^(LC_|BCC|LIBBPF)' || true); do
		if [[ -n "${!v+x}" ]]; then printf 'export %s=%q\n' "$v" "${!v}"; fi
	done
	for kv in "${EXTRA_ENV[@]}"; do
		printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}"
	done
	printf 'export BCC2CORE_IN_GUEST=1\n'
	printf 'exec'
	printf ' %q' "$@"
	printf '\n'
} >"$res/cmd.sh"

# --- boot ----------------------------------------------------------------------
accel=${BCC2CORE_GUEST_ACCEL:-tcg,thread=multi}
# BCC2CORE_GUEST_ICOUNT=SHIFT: the guest's clock counts executed instructions
# (2^SHIFT ns each) instead of following the host's, so in-guest timings are
# deterministic; icount needs one TCG thread, and 6.1 hangs bringing up a
# second vCPU under it.
declare -a icount=()
if [[ -n ${BCC2CORE_GUEST_ICOUNT:-} ]]; then
	[[ $BCC2CORE_GUEST_ICOUNT =~ ^[0-9]+$ ]] || die "bad BCC2CORE_GUEST_ICOUNT '$BCC2CORE_GUEST_ICOUNT'" 2
	[[ $SMP -eq 1 ]] || die "BCC2CORE_GUEST_ICOUNT needs --smp 1 (a second vCPU hangs at boot under icount)" 2
	accel=tcg,thread=single
	icount=(-icount "shift=$BCC2CORE_GUEST_ICOUNT,sleep=off")
fi
declare -a qemu=(
	qemu-system-x86_64 -nodefaults -no-user-config
	-machine q35 -accel "$accel" -cpu max -smp "$SMP" -m "$MEM"
	-display none -monitor none -serial "file:$res/console.log"
	-no-reboot ${icount[@]+"${icount[@]}"}
	-kernel "$BCC2CORE_GUEST_KERNEL" -initrd "$BCC2CORE_GUEST_INITRD"
	-append "console=ttyS0 quiet loglevel=4 panic=-1 rdinit=/init"
	-device virtio-rng-pci
	-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
	-virtfs "local,path=$res,mount_tag=results,security_model=none,multidevs=remap"
	"${share_args[@]}"
)

# One boot: QEMU's status in qrc, its seconds in elapsed.
boot() {
	start=$(date +%s.%N)
	# QEMU dies with timeout(1), timeout(1) dies with this shell (parent-death
	# signals), so no QEMU outlives us even on SIGKILL.
	setpriv --pdeathsig KILL -- \
		timeout --kill-after=10 "$TIMEOUT" \
		setpriv --pdeathsig KILL -- "${qemu[@]}" \
		</dev/null >"$res/qemu.log" 2>&1 &
	qpid=$!

	tail -n +1 -s 0.2 -F --pid="$qpid" "$res/stdout" 2>/dev/null &
	tails+=($!)
	tail -n +1 -s 0.2 -F --pid="$qpid" "$res/stderr" >&2 2>/dev/null &
	tails+=($!)

	qrc=0
	wait "$qpid" || qrc=$?
	qpid=""
	for p in "${tails[@]}"; do wait "$p" 2>/dev/null || true; done
	tails=()
	elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
}

boot
# A kernel that panics while it boots, before the command started (seen
# once in 6.12 under multi-threaded TCG: an int3 Oops in sched_clock_cpu
# while the kernel patched its own text), failed for the emulator's sake,
# not the command's: one more boot, saying so.
if [[ ! -s "$res/rc" && ! -e "$res/started" && ! -s "$res/init-error" &&
	$qrc -ne 124 && $qrc -ne 137 ]] && grep -q "Kernel panic" "$res/console.log" 2>/dev/null; then
	printf 'run-in-guest.sh: the guest kernel panicked before the command started (%ss); booting once more\n' \
		"$elapsed" >&2
	grep -a -m 3 -E "Oops|BUG:|Kernel panic" "$res/console.log" >&2 || true
	mv "$res/console.log" "$res/console.first.log"
	boot
fi

if [[ $VERBOSE -eq 1 || -n "${BCC2CORE_GUEST_DEBUG:-}" ]]; then
	printf -- '--- guest %s console (%ss) ---\n' "$BCC2CORE_GUEST_KVER" "$elapsed" >&2
	cat "$res/console.log" "$res/qemu.log" >&2 || true
fi

if [[ -s "$res/rc" ]]; then
	rc=$(cat "$res/rc")
	[[ $rc =~ ^[0-9]+$ ]] || die "guest wrote a bad status '$rc'"
	exit "$rc"
fi
if [[ $qrc -eq 124 || $qrc -eq 137 ]]; then
	printf 'run-in-guest.sh: timed out after %ss; VM killed\n' "$TIMEOUT" >&2
	# the kernel's first report, with its stack (the console's tail is
	# often only the stall warnings that follow it)
	grep -a -m 1 -A 60 -E "soft lockup|hung_task|blocked for more than|BUG:|Oops|rcu: INFO" \
		"$res/console.log" >&2 || true
	printf -- '--- the console'"'"'s last lines ---\n' >&2
	tail -n 20 "$res/console.log" >&2 || true
	exit 124
fi
printf 'run-in-guest.sh: the guest did not run the command (qemu status %s, %ss)\n' "$qrc" "$elapsed" >&2
if [[ -s "$res/init-error" ]]; then
	printf 'run-in-guest.sh: guest init: %s\n' "$(cat "$res/init-error")" >&2
fi
tail -n 30 "$res/console.log" "$res/qemu.log" >&2 || true
exit 125
