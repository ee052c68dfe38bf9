#!/bin/busybox sh
# shellcheck shell=sh
# /init of the bcc2core guest initramfs (PID 1, busybox sh).
#
# Loads the virtio/9p modules, mounts the host root (9p tag "hostroot",
# read-only) at /mnt with fresh proc/sys/dev/tmp/run/tracefs/debugfs/bpffs
# inside, mounts the writable results share (tag "results") at the same
# path it has on the host, runs the command script the host left there in
# a chroot of the host root, records its exit status and powers off.
#
# Results share protocol (written by run-in-guest.sh):
#   resdir   host path of the share, mounted at the same path in the chroot
#   rw       optional lines "TAG PATH": extra writable shares to mount
#   cmd.sh   bash script to run in the chroot (cd + env + exec CMD)
# and this script writes: stdout, stderr (of cmd.sh), rc (its exit status),
# init-error (why the command could not be run).

/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin

say() { echo "bcc2core-guest: $*"; }

halt_now() {
	sync
	poweroff -f
	# poweroff should not return; if it does, let the kernel panic (and QEMU
	# -no-reboot exit) by ending PID 1.
	exit 1
}

fail() {
	say "FATAL: $*"
	if mountpoint -q /results; then
		echo "$*" >/results/init-error
	fi
	halt_now
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
say "init started, uptime $(cut -d' ' -f1 /proc/uptime)s"

KVER=$(cat /etc/kver)
while read -r mod; do
	[ -n "$mod" ] || continue
	insmod "/lib/modules/$mod" || fail "insmod $mod failed"
done </etc/modules.list

P9OPTS=trans=virtio,version=9p2000.L,msize=512000
# The virtio-pci devices may take a moment to be probed after the modules load.
i=0
until mount -t 9p -o "$P9OPTS" results /results 2>/dev/null; do
	i=$((i + 1))
	[ "$i" -lt 50 ] || fail "cannot mount 9p share 'results'"
	sleep 0.1
done
mount -t 9p -o "$P9OPTS,ro,cache=loose" hostroot /mnt || fail "cannot mount 9p share 'hostroot'"

R=/mnt
mount -t proc proc $R/proc || fail "mount proc"
mount -t sysfs sysfs $R/sys || fail "mount sysfs"
mount -t devtmpfs devtmpfs $R/dev || fail "mount devtmpfs"
mkdir -p $R/dev/pts $R/dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts $R/dev/pts
mount -t tmpfs -o mode=1777 tmpfs $R/dev/shm
ln -sfn /proc/self/fd $R/dev/fd
ln -sfn /proc/self/fd/0 $R/dev/stdin
ln -sfn /proc/self/fd/1 $R/dev/stdout
ln -sfn /proc/self/fd/2 $R/dev/stderr
mount -t tmpfs -o mode=1777 tmpfs $R/tmp || fail "mount /tmp"
mount -t tmpfs -o mode=0755 tmpfs $R/run || fail "mount /run"
mount -t tracefs tracefs $R/sys/kernel/tracing || fail "mount tracefs"
mount -t debugfs debugfs $R/sys/kernel/debug || fail "mount debugfs"
mount -t bpf bpf $R/sys/fs/bpf || fail "mount bpffs"
mount -t cgroup2 cgroup2 $R/sys/fs/cgroup 2>/dev/null || say "warning: no cgroup2"

# Make /lib/modules/$KVER a full module tree (modules.*, kernel/) with the
# host's build/source header links, if the host only has the header links.
MODDIR=""
[ -f /results/moddir ] && read -r MODDIR </results/moddir
if [ -n "$MODDIR" ] && [ -d "$R$MODDIR/kernel" ] && [ -d "$R/lib/modules/$KVER" ] &&
	[ ! -d "$R/lib/modules/$KVER/kernel" ]; then
	mount -o bind "$R$MODDIR" "$R/lib/modules/$KVER" || say "warning: cannot bind $MODDIR"
fi

read -r RESDIR </results/resdir || fail "no resdir"
mkdir -p "$R$RESDIR" 2>/dev/null
mount -o bind /results "$R$RESDIR" || fail "cannot bind results at $RESDIR"

if [ -f /results/rw ]; then
	while read -r tag path; do
		[ -n "$tag" ] || continue
		mkdir -p "$R$path" 2>/dev/null
		mount -t 9p -o "$P9OPTS" "$tag" "$R$path" || fail "cannot mount share $tag at $path"
	done </results/rw
fi

[ -f /results/cmd.sh ] || fail "no cmd.sh"
# warnings on the console too: a soft lockup's or an RCU stall's stack is
# printed at the default level, which loglevel=4 drops (the host runner
# shows the first report when a command times out)
echo 5 >/proc/sys/kernel/printk 2>/dev/null
# the host boots again only if the kernel died before this point
: >/results/started
say "running command, uptime $(cut -d' ' -f1 /proc/uptime)s"
chroot $R /usr/bin/env -i /bin/bash --noprofile --norc "$RESDIR/cmd.sh" \
	</dev/null >/results/stdout 2>/results/stderr
rc=$?
echo "$rc" >/results/rc.tmp && mv /results/rc.tmp /results/rc
say "command exited with status $rc, uptime $(cut -d' ' -f1 /proc/uptime)s"
halt_now
