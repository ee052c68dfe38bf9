#!/bin/bash
# install/MODE: bcc2core installed into a temporary prefix (cmake --install),
# and examples/skeleton, copied out of the tree, built against that prefix
# alone and run. The source and build trees are hidden from every step after
# the install (a private mount namespace with empty directories over them),
# so a path into either fails the test instead of passing by luck.
#   cmake    find_package(bcc2core) + bcc2core_bpf_object(), shared and static
#            runtime; rebuilt when the BCC source changes, not otherwise; the
#            archive's global symbols the API's only
#   make     share/bcc2core/bcc2core.mk; rebuilt when an included header changes;
#            bcc2core.pc with the static library
#   deb      cpack's packages: what each holds and depends on; the runtime's
#            alone (dpkg -x into a temporary root) runs a built object and
#            the Python package with no LLVM, the converter's added converts
# Environment: BCC2CORE_BUILD_DIR, BCC2CORE_SOURCE_DIR. Root (runs BPF); 77
# where it cannot run.
set -eu
mode=$1
build=$(realpath "${BCC2CORE_BUILD_DIR:?}")
src=$(realpath "${BCC2CORE_SOURCE_DIR:?}")
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: the example loads BPF programs (root)"
	exit 77
fi
if ! unshare -m true 2>/dev/null; then
	echo "SKIP: no mount namespaces here (unshare -m) to hide the trees in"
	exit 77
fi

tmp=$(mktemp -d /tmp/bcc2core-install-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
fail=0
no() { echo "FAIL: $*"; fail=1; }

cmake --install "$build" --prefix "$prefix" > "$tmp/install.log" || {
	cat "$tmp/install.log"; echo "FAIL: cmake --install"; exit 1; }
cp -r "$src/examples/skeleton" "$tmp/example"

# CMD with the trees hidden: the build tree first, it may be inside the source
hidden() {
	unshare -m sh -c 'mount -t tmpfs none "$1" && mount -t tmpfs none "$2" &&
			  shift 2 && exec "$@"' sh "$build" "$src" "$@"
}

# readsize's histogram: BCC's header, and the buckets of its own reads
# (1, 4, 16, ... 65536 bytes) counted
check_histogram() {
	local exe=$1 out bucket
	out=$(hidden "$exe") || { no "$exe failed"; return; }
	printf '%s\n' "$out"
	[ "$(printf '%s\n' "$out" | head -1)" = "     value               : count     distribution" ] ||
		no "$exe: not BCC's histogram header"
	for bucket in "0 -> 1" "4 -> 7" "16 -> 31" "64 -> 127" "256 -> 511" "1024 -> 2047" \
		 "4096 -> 8191" "16384 -> 32767" "65536 -> 131071"; do
		printf '%s\n' "$out" | grep -Eq "^ +$bucket +: [1-9][0-9]* +\|\*" ||
			no "$exe: bucket $bucket has no count of its own reads"
	done
	if ldd "$exe" | grep -Ei 'clang|llvm'; then
		no "$exe maps libclang/LLVM (above)"
	fi
}

case $mode in
cmake)
	# the static runtime's global names are the API's alone
	other=$(nm -g --defined-only "$prefix/lib/libbcc2core.a" | awk 'NF == 3 { print $3 }' |
		grep -v '^bcc2core_' || true)
	[ -z "$other" ] || no "libbcc2core.a defines internal names globally:" $other
	for kind in shared static; do
		b=$tmp/build-$kind
		opt=-DREADSIZE_STATIC=$([ $kind = static ] && echo ON || echo OFF)
		hidden cmake -S "$tmp/example" -B "$b" -DCMAKE_PREFIX_PATH="$prefix" "$opt" \
			> "$tmp/configure.log" || { cat "$tmp/configure.log"; no "configure ($kind)"; continue; }
		hidden cmake --build "$b" > "$tmp/build.log" 2>&1 || {
			cat "$tmp/build.log"; no "build ($kind)"; continue; }
		skel=$b/bcc2core/readsize/readsize.skel.h
		grep -q 'readsize_bpf__open_and_load(void)' "$skel" ||
			no "$skel defines no readsize_bpf__open_and_load()"
		check_histogram "$b/readsize"
		if [ $kind = static ] && ldd "$b/readsize" | grep -q libbcc2core; then
			no "READSIZE_STATIC: libbcc2core.so linked"
		fi
		if [ $kind = shared ] && ! ldd "$b/readsize" | grep -q "$prefix/lib/libbcc2core.so"; then
			no "the installed libbcc2core.so is not the one linked"
		fi
		if grep -rlI -e "$src" -e "$build" "$b"; then
			no "the example's build names the source or build tree (files above)"
		fi
		# nothing changed: nothing converted; the source changed: converted
		# (the whole output read: grep -q would end the build with SIGPIPE)
		grep -c 'bcc2core: converting' < <(hidden cmake --build "$b") >/dev/null &&
			no "converted again with nothing changed"
		touch "$tmp/example/readsize.bcc.c"
		grep -c 'bcc2core: converting' < <(hidden cmake --build "$b") >/dev/null ||
			no "not converted again after the source changed"
	done
	;;
make)
	ex=$tmp/example
	mk=$prefix/share/bcc2core/bcc2core.mk
	# a header the BCC program includes, for the depfile
	printf '#define READSIZE_MIN 1\n' > "$ex/readsize_min.h"
	sed -i 's|#include <uapi/linux/ptrace.h>|&\n#include "readsize_min.h"|; s|args->ret <= 0|args->ret < READSIZE_MIN|' \
		"$ex/readsize.bcc.c"
	flags="BCC2CORE_MK=$mk BCC2CORE_FLAGS=-I$ex"
	hidden make -C "$ex" $flags > "$tmp/make.log" 2>&1 || { cat "$tmp/make.log"; no make; }
	grep -q 'readsize_bpf__open_and_load(void)' "$ex/readsize.skel.h" ||
		no "readsize.skel.h defines no readsize_bpf__open_and_load()"
	check_histogram "$ex/readsize"
	# bcc2core.pc, static: the same program with no libbcc2core.so
	pc="env PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --static"
	hidden sh -c "cc -I'$ex' '$ex/readsize.c' -o '$ex/readsize-pc' \$($pc --cflags bcc2core) \
		-Wl,-Bstatic -lbcc2core -Wl,-Bdynamic \$($pc --libs-only-other --libs-only-L bcc2core) \
		-lbpf -lelf -lz" || no "cc with bcc2core.pc"
	check_histogram "$ex/readsize-pc"
	ldd "$ex/readsize-pc" | grep -q libbcc2core && no "readsize-pc: libbcc2core.so linked"
		grep -c 'bcc2core build' < <(hidden make -C "$ex" $flags) >/dev/null &&
		no "converted again with nothing changed"
	touch "$ex/readsize_min.h"
	grep -c 'bcc2core build' < <(hidden make -C "$ex" $flags) >/dev/null ||
		no "not converted again after an included header changed"
	;;
deb)
	cpack -G DEB -B "$tmp/deb" --config "$build/CPackConfig.cmake" > "$tmp/cpack.log" 2>&1 || {
		cat "$tmp/cpack.log"; no cpack; exit 1; }
	ver=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
	rt=$tmp/deb/bcc2core_${ver}_amd64.deb
	conv=$tmp/deb/bcc2core-converter_${ver}_amd64.deb
	dev=$tmp/deb/bcc2core-dev_${ver}_amd64.deb
	for d in "$rt" "$conv" "$dev"; do
		[ -f "$d" ] || { no "no $d"; exit 1; }
	done
	field() { dpkg-deb -f "$1" "$2"; }
	files() { dpkg-deb -c "$1" | awk '{ print $6 }'; }
	echo "bcc2core: Depends: $(field "$rt" Depends)"
	echo "bcc2core-converter: Depends: $(field "$conv" Depends)"
	field "$rt" Depends | grep -Eqi 'clang|llvm' && no "the runtime package depends on LLVM"
	for p in libbpf1 libelf1; do
		field "$rt" Depends | grep -q "$p" || no "the runtime package does not depend on $p"
	done
	field "$conv" Depends | grep -q libclang1-14 || no "the converter does not depend on libclang1-14"
	for f in ./usr/bin/bcc2core ./usr/lib/libbcc2core.so.0 ./usr/share/bcc2core/python/bcc/__init__.py; do
		files "$rt" | grep -qx "$f" || no "bcc2core has no $f"
	done
	files "$rt" | grep -E 'rewriter|vmlinux|\.pch$' && no "bcc2core holds converter files (above)"
	for f in ./usr/lib/bcc2core/libbcc2core_rewriter.so ./usr/share/bcc2core/vmlinux.h; do
		files "$conv" | grep -qx "$f" || no "bcc2core-converter has no $f"
	done
	for f in ./usr/include/bcc2core/runtime.h ./usr/lib/libbcc2core.a \
		 ./usr/lib/cmake/bcc2core/bcc2core-config.cmake ./usr/lib/pkgconfig/bcc2core.pc; do
		files "$dev" | grep -qx "$f" || no "bcc2core-dev has no $f"
	done
	dpkg-deb --ctrl-tarfile "$conv" | tar -t | grep -q postinst || no "bcc2core-converter has no postinst"
	dpkg-deb -I "$rt" triggers | grep -q 'activate-noawait ldconfig' ||
		no "bcc2core does not trigger ldconfig"

	# a target machine: the runtime package alone
	cp "$src/examples/skeleton/readsize.bcc.c" "$tmp/"
	"$build/bin/bcc2core" build "$tmp/readsize.bcc.c" -o "$tmp/readsize.bpf.o" ||
		no "building the object to run"
	root=$tmp/root
	dpkg -x "$rt" "$root"
	bin=$root/usr/bin/bcc2core
	ldd "$bin" | grep -Ei 'clang|llvm' && no "the packaged bcc2core maps LLVM (above)"
	out=$(hidden "$bin" run "$tmp/readsize.bpf.o" -- \
		dd if=/dev/zero of=/dev/null bs=4096 count=4 status=none) || no "run from the runtime package"
	printf '%s\n' "$out" | grep -qx "     value               : count     distribution" ||
		no "run printed no histogram: $out"
	hidden "$bin" convert "$tmp/readsize.bcc.c" 2>&1 | grep -q 'cannot load the rewriter' ||
		no "convert without the converter package did not say the rewriter is missing"
	lib=$(hidden env PYTHONPATH="$(hidden "$bin" python-path)" /usr/bin/python3 -c \
		'import bcc._native as n; print(n._find_lib())') || no "import bcc from the runtime package"
	[ "$lib" = "$root/usr/lib/libbcc2core.so.0" ] ||
		no "the bcc package loads $lib, not the runtime package's library"

	# with the converter (its postinst's PCH made as dpkg would)
	dpkg -x "$conv" "$root"
	hidden "$root/usr/lib/bcc2core/bcc2core-mkpch" "$root/usr/share/bcc2core" || no mkpch
	hidden "$bin" build "$tmp/readsize.bcc.c" -o "$tmp/again.bpf.o" 2>&1 |
		grep . && no "build from the packages said something (above)"
	[ -s "$tmp/again.bpf.o" ] || no "build from the packages made no object"
	;;
*)
	echo "usage: $0 cmake|make|deb" >&2
	exit 2
	;;
esac
[ $fail = 0 ] && echo "PASS: install/$mode"
exit $fail
