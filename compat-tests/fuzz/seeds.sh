#!/bin/bash
# seeds.sh OUTDIR [BCC2CORE]: the fuzzers' seed corpora, generated (nothing
# binary is committed):
#   OUTDIR/rewriter/  compat-tests/golden/*.bcc.c, corpus/tools/*.bcc.c,
#                     corpus/examples/*.bcc.c and examples/*.bcc.c, each with
#                     its arguments (.flags / .bcc.args) as leading `//@ ARG`
#                     lines (fuzz_rewriter.c)
#   OUTDIR/object/    the same programs built with BCC2CORE (default
#                     build/bin/bcc2core) into objects, DWARF stripped (.BTF
#                     and .BTF.ext kept: what the runtime reads), each one's
#                     .BTF alone as a raw blob (*.btf), and one object built
#                     with --min-btf (a bundled kernel BTF)
# Programs that do not build here (kprobe-only targets, ...) are skipped.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:?usage: seeds.sh OUTDIR [BCC2CORE]}
bin=${2:-$root/build/bin/bcc2core}
objcopy=$(command -v llvm-objcopy-14 || command -v llvm-objcopy || command -v objcopy)
mkdir -p "$out/rewriter" "$out/object"
work=$(mktemp -d /tmp/bcc2core-fuzz-seeds-XXXXXX)
trap 'rm -rf "$work"' EXIT

# ARGS of a program: its .flags (one line) or .bcc.args (one per line)
args_of() {
	local f=$1 base=${1%.bcc.c}
	if [ -f "$base.flags" ]; then
		tr ' ' '\n' <"$base.flags" | awk '/^--attach$/ { getline v; print $0 " " v; next } NF'
	elif [ -f "$base.bcc.args" ]; then
		grep -v '^[[:space:]]*$' "$base.bcc.args"
	fi
}

nprog=0 nobj=0
for f in "$root"/compat-tests/golden/*.bcc.c "$root"/compat-tests/corpus/tools/*.bcc.c \
	 "$root"/compat-tests/corpus/examples/*.bcc.c "$root"/examples/*.bcc.c; do
	[ -f "$f" ] || continue
	d=$(basename "$(dirname "$f")")
	name=$d-$(basename "$f" .bcc.c)
	mapfile -t args < <(args_of "$f")
	{ for a in "${args[@]}"; do printf '//@ %s\n' "$a"; done; cat "$f"; } >"$out/rewriter/$name.bcc.c"
	nprog=$((nprog + 1))
	[ -f "$out/object/$name.bpf.o" ] && { nobj=$((nobj + 1)); continue; }
	argv=()
	for a in "${args[@]}"; do
		case $a in
		"--attach "*) argv+=(--attach "${a#--attach }") ;;
		*) argv+=("$a") ;;
		esac
	done
	if "$bin" build "${argv[@]}" "$f" -o "$work/$name.bpf.o" >/dev/null 2>&1; then
		"$objcopy" --strip-debug "$work/$name.bpf.o" "$out/object/$name.bpf.o" &&
			"$objcopy" --dump-section .BTF="$out/object/$name.btf" "$work/$name.bpf.o" "$work/discard.o" &&
			nobj=$((nobj + 1))
	fi
done

# an object carrying the running kernel's BTF (minimized) for kernels without one
if [ ! -f "$out/object/bundled-btf.bpf.o" ] && [ -r /sys/kernel/btf/vmlinux ]; then
	. /etc/os-release
	mkdir -p "$work/min/$ID/$VERSION_ID/$(uname -m)"
	cp /sys/kernel/btf/vmlinux "$work/min/$ID/$VERSION_ID/$(uname -m)/$(uname -r).btf"
	if "$bin" build --min-btf "$work/min" "$root/examples/execsnoop_ppid.bcc.c" \
		-o "$work/bundled.bpf.o" >/dev/null 2>&1; then
		"$objcopy" --strip-debug "$work/bundled.bpf.o" "$out/object/bundled-btf.bpf.o"
	fi
fi
echo "seeds: $nprog programs, $nobj objects (+ raw BTF) in $out"
