#!/bin/bash
# Sets up a Debian 12 machine for bcc2core, as root, from nothing: installs
# the Debian packages it builds and tests with, mounts tracefs and bpffs when
# absent, and builds into ./build. Idempotent: a second run only rebuilds.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $(id -u) != 0 ]]; then
	echo "setup: run as root (it installs packages and mounts tracefs/bpffs)" >&2
	exit 1
fi

# build: compiler for BPF, libclang and libcrypto (SHA-256) for the rewriter,
# libbpf for the runtime
# tests: bpftool (verifier checks), BCC (the reference in side-by-side tests),
# clang's sanitizer/libFuzzer runtimes and valgrind (fuzz, sanitize labels),
# the guest lane (QEMU, a static busybox, cpio, kmod and the decompressors for
# its initramfs) and Debian's 6.1, 6.1 PREEMPT_RT and 6.12 kernel headers:
# the guest lane boots the kernels that match them, and BCC compiles against
# them there; bench: libbpf-tools, the hand-written ports of the BCC tools,
# measured beside the converted ones (bench/kcost_libbpf_tools.py);
# runtimes with USDT probes for the language tools (rubycalls, javagc, ...):
# Ruby (the drop-in tests, the sweep), PHP and a JDK (the sweep); openssl: the
# sweep's TLS connection (sslsniff); xfsprogs, btrfs-progs, nfs-kernel-server
# and mdadm: the guest sweep's XFS, btrfs, NFS file systems and md RAID
# (xfsslower, btrfsdist, nfsslower, mdflush, ...; NFS served by the guest's
# kernel); nftables: the sweep's dropped SYN (tcpdrop)
packages=(build-essential cmake pkg-config clang llvm libclang-14-dev libbpf-dev
	  libelf-dev zlib1g-dev libssl-dev bpftool python3 bpfcc-tools python3-bpfcc
	  libclang-rt-14-dev valgrind libbpf-tools ruby php-cli openjdk-17-jdk-headless openssl
	  linux-headers-amd64 linux-headers-rt-amd64 linux-headers-6.12-amd64
	  qemu-system-x86 busybox-static cpio kmod xz-utils zstd xfsprogs btrfs-progs
	  nfs-kernel-server mdadm nftables)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
if ((${#missing[@]})); then
	echo "setup: installing ${missing[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
fi

mountpoint -q /sys/kernel/tracing || mount -t tracefs tracefs /sys/kernel/tracing
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug || true

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build build -j"$(nproc)"
