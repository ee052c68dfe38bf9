#!/usr/bin/env bash
# prepare.sh: get everything the "second kernel" guest lane needs.
#
#   * installs qemu-system-x86, busybox-static, cpio and kmod with apt-get
#     when a tool is missing;
#   * downloads Debian's linux-image-<kver> matching the installed
#     linux-headers-6.1.0-*-amd64 and unpacks it (dpkg-deb -x, never installed)
#     into the cache dir;
#   * builds a busybox initramfs (guest-init.sh + the virtio/9p modules).
#
# Cache: ${BCC2CORE_GUEST_CACHE:-/var/cache/bcc2core-guest}/<kver>/.
# Overrides: BCC2CORE_GUEST_KVER=<kver>|6.1|6.1-rt|6.12 picks the kernel.
# Everything is cached: a second run only re-checks stamps (well under 1 s).
#
# On success prints shell assignments (KEY=VALUE) describing the guest on
# stdout; progress goes to stderr.  Exit status: 0 ok, 77 when QEMU or the
# kernel package cannot be had, 1 on any other error.
set -euo pipefail
# shellcheck source=fail_loudly.sh
. "$(dirname "${BASH_SOURCE[0]}")/fail_loudly.sh"

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${BCC2CORE_GUEST_CACHE:-/var/cache/bcc2core-guest}
INIT_SRC="$HERE/guest-init.sh"
# Modules (with their dependencies) the initramfs loads, in this order.
GUEST_MODULES=(virtio_pci 9pnet_virtio 9p virtio_rng)

log() { printf 'prepare.sh: %s\n' "$*" >&2; }
die() { printf 'prepare.sh: error: %s\n' "$1" >&2; exit "${2:-1}"; }
unavailable() { die "$1" 77; }

tmp=""
cleanup() { if [[ -n "$tmp" ]]; then rm -rf -- "$tmp"; fi; }
trap cleanup EXIT

apt_updated=0
apt_update_once() {
	if [[ $apt_updated -eq 0 ]]; then
		log "apt-get update"
		apt-get update -qq >&2 || log "warning: apt-get update failed"
		apt_updated=1
	fi
}

# --- 1. host tools -----------------------------------------------------------
busybox_is_static() {
	[[ -x /bin/busybox ]] && ! ldd /bin/busybox >/dev/null 2>&1
}

missing_pkgs() {
	local -a m=()
	command -v qemu-system-x86_64 >/dev/null 2>&1 || m+=(qemu-system-x86)
	busybox_is_static || m+=(busybox-static)
	command -v cpio >/dev/null 2>&1 || m+=(cpio)
	{ command -v depmod && command -v modprobe; } >/dev/null 2>&1 || m+=(kmod)
	command -v flock >/dev/null 2>&1 || m+=(util-linux)
	command -v setpriv >/dev/null 2>&1 || m+=(util-linux)
	printf '%s\n' "${m[@]}" | sort -u | grep -v '^$' || true
}

ensure_tools() {
	local -a pkgs
	mapfile -t pkgs < <(missing_pkgs)
	[[ ${#pkgs[@]} -eq 0 ]] && return 0
	if [[ $(id -u) -ne 0 ]]; then
		unavailable "missing packages (${pkgs[*]}) and not root to apt-get install them"
	fi
	command -v apt-get >/dev/null 2>&1 ||
		unavailable "missing packages (${pkgs[*]}) and no apt-get"
	log "installing ${pkgs[*]}"
	apt_update_once
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends "${pkgs[@]}" >&2; then
		log "apt-get install ${pkgs[*]} failed"
	fi
	mapfile -t pkgs < <(missing_pkgs)
	if [[ ${#pkgs[@]} -ne 0 ]]; then
		unavailable "still missing after apt-get install: ${pkgs[*]} (QEMU/busybox-static unavailable)"
	fi
}

# --- 2. which kernel ---------------------------------------------------------
# BCC2CORE_GUEST_KVER is a release (6.1.0-28-amd64) or a name: 6.1 (the
# default), 6.1-rt (PREEMPT_RT) or 6.12. A name is the newest release whose
# linux-headers package is installed (BCC compiles against them in the
# guest), else the newest linux-image of that name in the archive.
kver_pattern() {
	case $1 in
	6.1) echo '6\.1\.0-[0-9]+-amd64' ;;
	6.1-rt) echo '6\.1\.0-[0-9]+-rt-amd64' ;;
	6.12) echo '6\.12\.[0-9]+\+deb12-amd64' ;;
	*) return 1 ;;
	esac
}

newest_installed_headers() {
	dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' 'linux-headers-*' 2>/dev/null |
		awk -v re="^linux-headers-$1\$" '$1 ~ re && $2 ~ /^ii/ { sub(/^linux-headers-/, "", $1); print $1 }' |
		sort -V | tail -n 1 || true
}

newest_in_archive() {
	apt-cache pkgnames linux-image- 2>/dev/null |
		grep -E "^linux-image-$1\$" | sed 's/^linux-image-//' | sort -V | tail -n 1 || true
}

pick_kver() {
	local want=${BCC2CORE_GUEST_KVER:-6.1} re kver
	if ! re=$(kver_pattern "$want"); then
		printf '%s\n' "$want"	# a release
		return
	fi
	kver=$(newest_installed_headers "$re")
	if [[ -z $kver ]]; then
		kver=$(newest_in_archive "$re")
		if [[ -z $kver ]]; then
			apt_update_once
			kver=$(newest_in_archive "$re")
		fi
		[[ -n $kver ]] && log "warning: no linux-headers for $want installed; using linux-image-$kver from the archive (BCC will not compile in this guest; scripts/setup.sh installs the headers)"
	fi
	printf '%s\n' "$kver"
}

# --- 3. kernel image ---------------------------------------------------------
fetch_kernel() {
	local kver=$1 kdir=$2 hver dl deb
	hver=$(dpkg-query -W -f='${Version}' "linux-headers-$kver" 2>/dev/null || true)
	dl="$tmp/dl"
	mkdir -p "$dl"
	command -v apt-get >/dev/null 2>&1 || unavailable "no apt-get to download linux-image-$kver"
	try_download() {
		# apt-get download drops privileges to _apt; let it write into $dl.
		chmod 0777 "$dl"
		(cd "$dl" && {
			{ [[ -n "$hver" ]] && apt-get download -qq "linux-image-$kver=$hver"; } ||
				apt-get download -qq "linux-image-$kver"
		}) >&2 2>&1
	}
	log "downloading linux-image-$kver${hver:+ (version $hver)}"
	if ! try_download; then
		apt_update_once
		try_download || unavailable "cannot download package linux-image-$kver (not in the configured Debian archives?)"
	fi
	deb=$(find "$dl" -maxdepth 1 -name "linux-image-${kver}_*.deb" | head -n 1)
	[[ -n "$deb" ]] || unavailable "apt-get download produced no linux-image-$kver .deb"
	log "unpacking $(basename "$deb")"
	rm -rf "$kdir/root.new"
	mkdir -p "$kdir/root.new"
	dpkg-deb -x "$deb" "$kdir/root.new"
	[[ -f "$kdir/root.new/boot/vmlinuz-$kver" ]] || die "no boot/vmlinuz-$kver in $(basename "$deb")"
	depmod -b "$kdir/root.new" "$kver"
	basename "$deb" >"$kdir/root.new/.deb"
	rm -rf "$kdir/root"
	mv "$kdir/root.new" "$kdir/root"
}

# Same build/source links as the headers package gives the host, so a bind
# mount of this tree over /lib/modules/<kver> in the guest keeps them. Made at
# every run: the headers may have been installed after the kernel was cached.
link_headers() {
	local kver=$1 kdir=$2 l
	for l in build source; do
		if [[ -L "/lib/modules/$kver/$l" ]]; then
			ln -sfn "$(readlink "/lib/modules/$kver/$l")" "$kdir/root/lib/modules/$kver/$l"
		fi
	done
}

# --- 4. initramfs ------------------------------------------------------------
module_paths() {
	local root=$1 kver=$2 m
	for m in "${GUEST_MODULES[@]}"; do
		modprobe -d "$root" -S "$kver" --show-depends "$m" ||
			die "module $m not found in linux-image-$kver"
	done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }'
}

build_initramfs() {
	local kver=$1 kdir=$2 root="$2/root" stage mods m rel want have=""
	mods=$(module_paths "$root" "$kver")
	want=$(
		{
			printf 'kver %s\n' "$kver"
			sha256sum "$INIT_SRC" /bin/busybox | awk '{ print $1 }'
			printf '%s\n' "$mods"
		} | sha256sum | awk '{ print $1 }'
	)
	[[ -f "$kdir/initramfs.stamp" ]] && have=$(cat "$kdir/initramfs.stamp")
	if [[ "$want" == "$have" && -f "$kdir/initramfs.img" ]]; then
		return 0
	fi
	log "building initramfs"
	stage="$tmp/initramfs"
	mkdir -p "$stage"/{bin,sbin,dev,proc,sys,mnt,results,etc,lib/modules}
	cp /bin/busybox "$stage/bin/busybox"
	install -m 0755 "$INIT_SRC" "$stage/init"
	: >"$stage/etc/modules.list"
	while IFS= read -r m; do
		rel=${m#"$root/lib/modules/$kver/"}
		mkdir -p "$stage/lib/modules/$(dirname "$rel")"
		case "$m" in
		*.ko.xz) xz -dc "$m" >"$stage/lib/modules/${rel%.xz}"; rel=${rel%.xz} ;;
		*.ko.zst) zstd -qdc "$m" >"$stage/lib/modules/${rel%.zst}"; rel=${rel%.zst} ;;
		*) cp "$m" "$stage/lib/modules/$rel" ;;
		esac
		printf '%s\n' "$rel" >>"$stage/etc/modules.list"
	done <<<"$mods"
	printf '%s\n' "$kver" >"$stage/etc/kver"
	(cd "$stage" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --quiet -R 0:0) | gzip -1 >"$kdir/initramfs.img.new"
	mv "$kdir/initramfs.img.new" "$kdir/initramfs.img"
	printf '%s\n' "$want" >"$kdir/initramfs.stamp"
}

main() {
	local kver kdir
	ensure_tools
	kver=$(pick_kver)
	[[ -n "$kver" ]] || unavailable "no kernel for '${BCC2CORE_GUEST_KVER:-6.1}': no linux-headers of it installed and no linux-image of it in the archive (scripts/setup.sh installs linux-headers-amd64; BCC2CORE_GUEST_KVER=RELEASE forces one)"
	[[ -f "$INIT_SRC" ]] || die "missing $INIT_SRC"
	kdir="$CACHE/$kver"
	mkdir -p "$kdir"
	tmp=$(mktemp -d "$CACHE/.prepare.XXXXXX")
	chmod 0755 "$tmp" # apt-get download runs as _apt where it can

	exec 9>"$CACHE/.lock"
	flock 9
	if [[ ! -f "$kdir/root/boot/vmlinuz-$kver" ]]; then
		fetch_kernel "$kver" "$kdir"
	fi
	link_headers "$kver" "$kdir"
	build_initramfs "$kver" "$kdir"
	flock -u 9

	if [[ ! -e "/lib/modules/$kver/build/include" ]]; then
		log "warning: /lib/modules/$kver/build does not lead to headers; BCC in the guest will not compile"
	fi
	printf 'BCC2CORE_GUEST_KVER=%q\n' "$kver"
	printf 'BCC2CORE_GUEST_KERNEL=%q\n' "$kdir/root/boot/vmlinuz-$kver"
	printf 'BCC2CORE_GUEST_INITRD=%q\n' "$kdir/initramfs.img"
	printf 'BCC2CORE_GUEST_MODDIR=%q\n' "$kdir/root/lib/modules/$kver"
}

main "$@"
