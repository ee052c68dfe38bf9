#!/bin/sh
# libbcc2core.so (argv[1]): what an application that loads it gets.
#  - no libclang/LLVM mapped with it (the runtime never needs them);
#  - libbpf linked dynamically (the application's libbpf calls act on the
#    same objects);
#  - only the BCC2CORE_API symbols exported (bcc2core_*, and none of the
#    library's internals: strbuf_*, bcc2core_print, ...);
#  - the embedding API among them.
set -u
lib=$1
fail=0

deps=$(ldd "$lib") || { echo "FAIL: ldd $lib"; exit 1; }
if printf '%s\n' "$deps" | grep -i -E 'clang|LLVM'; then
	echo "FAIL: $lib maps libclang/LLVM (above)"
	fail=1
fi
printf '%s\n' "$deps" | grep -q 'libbpf\.so' || { echo "FAIL: libbpf not linked dynamically"; fail=1; }

syms=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ { print $3 }')
[ -n "$syms" ] || { echo "FAIL: no exported symbols"; exit 1; }
other=$(printf '%s\n' "$syms" | grep -v '^bcc2core_')
if [ -n "$other" ]; then
	echo "FAIL: exported beyond the API:"
	printf '  %s\n' $other
	fail=1
fi
for internal in bcc2core_print bcc2core_vprint bcc2core_set_debug; do
	if printf '%s\n' "$syms" | grep -qx "$internal"; then
		echo "FAIL: internal $internal exported"
		fail=1
	fi
done
for api in bcc2core_runtime__open bcc2core_runtime__attach_program \
	   bcc2core_runtime__detach_program bcc2core_runtime__map bcc2core_runtime__object \
	   bcc2core_runtime__describe_map bcc2core_btf__describe bcc2core_runtime__open_buffer \
	   bcc2core_runtime__poll bcc2core_runtime__consume bcc2core_hist__format_log2 \
	   bcc2core_hist__format_linear bcc2core_free bcc2core_kernel__can_kprobe \
	   bcc2core_kernel__can_trampoline bcc2core_kernel__has_tracepoint bcc2core_form__of \
	   bcc2core_runtime__from_object bcc2core_runtime__attach_program_opts \
	   bcc2core_kernel__struct_has_field; do
	if ! printf '%s\n' "$syms" | grep -qx "$api"; then
		echo "FAIL: $api not exported"
		fail=1
	fi
done
[ $fail = 0 ] && echo "PASS: $(printf '%s\n' "$syms" | wc -l) symbols, all API; no libclang/LLVM"
exit $fail
