#!/bin/bash
# sweep.sh: run every corpus program through bcc2core and the kernel verifier.
#
#   compat-tests/corpus/sweep.sh [--table FILE] [--bin BCC2CORE] [--logs DIR]
#                                [--expected FILE] [--no-args] [NAME-PATTERN]...
#
# For each tools/*.bcc.c and examples/*.bcc.c (NAME = tools/<tool> or
# examples/<name>; NAME.bcc.args adds bcc2core arguments, one per line):
#   converted  bcc2core convert [ARGS] IN.c -o OUT.bpf.c
#   compiled   bcc2core build [ARGS] IN.c -o OUT.bpf.o
#   verified   bpftool prog loadall OUT.bpf.o /sys/fs/bpf/<unique>  (pins removed)
# and prints `NAME | converted | compiled | verified | result | reason`, reason
# being the first meaningful error line. Passed = verified.
#
# expected-failures.txt (beside this script, or --expected FILE) lists known
# failures, `NAME  # reason` per line: they count as xfail, not failed. When
# the load fails because the kernel refuses fentry/fexit/LSM programs (EPERM
# on this machine), the object is loaded again without them (load_partial.py):
# verified "partial" (passed) if the rest loads, "kernel" ("needs second
# kernel") if it has no other program. xfail and kernel count as "skipped" in
# the closing line
#   N passed, N failed, N skipped
# The exit status is 0 only if nothing failed unexpectedly. An xfail that now
# passes is reported (remove it from the list: it is meant to shrink).
#
# --table FILE writes the table as Markdown too (docs/corpus-sweep.md).
# --logs DIR keeps every stage's output (default: a temporary directory).
# --no-args ignores the .bcc.args files (no cflags, no --attach specs).
# NAME-PATTERN (shell glob, e.g. 'tools/tcp*' or execsnoop) picks programs.
# Needs root (bpftool), bpffs at /sys/fs/bpf.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${BCC2CORE:-$root/build/bin/bcc2core}
table=
logs=
expected=$here/expected-failures.txt
patterns=()
use_args=1
while [ $# -gt 0 ]; do
	case "$1" in
	--table) table=$2; shift 2 ;;
	--bin) bin=$2; shift 2 ;;
	--logs) logs=$2; shift 2 ;;
	--expected) expected=$2; shift 2 ;;
	--no-args) use_args=0; shift ;;
	-h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) echo "sweep.sh: unknown option $1" >&2; exit 2 ;;
	*) patterns+=("$1"); shift ;;
	esac
done
if [ ! -x "$bin" ]; then
	echo "sweep.sh: $bin not built (cmake --build $root/build)" >&2
	exit 2
fi
bpffs=/sys/fs/bpf
if ! mountpoint -q "$bpffs"; then
	mount -t bpf bpf "$bpffs" || { echo "sweep.sh: no bpffs at $bpffs" >&2; exit 2; }
fi
own_logs=0
if [ -z "$logs" ]; then
	logs=$(mktemp -d)
	own_logs=1
fi
mkdir -p "$logs"
pin_base=$bpffs/bcc2core-sweep-$$
cleanup() {
	rm -rf "$pin_base"
	[ "$own_logs" = 1 ] && rm -rf "$logs"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# NAME -> reason, from the expected-failures list
declare -A xfail=()
if [ -f "$expected" ]; then
	while IFS= read -r line; do
		line=${line%%$'\r'}
		case "$line" in ''|'#'*) continue ;; esac
		name=${line%%[[:space:]#]*}
		reason=$(printf '%s' "$line" | sed -n 's/^[^#]*#[[:space:]]*//p')
		[ -n "$name" ] && xfail[$name]=${reason:-listed}
	done <"$expected"
fi

trim() { # first arg: text; cut to ~100 chars, one line, no table separators
	printf '%s' "$1" | tr '\n\t|' '  /' | sed 's/  */ /g; s/^ //; s/ $//' | cut -c1-100
}

# First meaningful error line of a bcc2core/clang log; paths shortened.
compile_reason() { # LOG TMPDIR
	local r
	r=$(grep -m1 -E '(^|: )(fatal )?error[: ]' "$1")
	[ -z "$r" ] && r=$(grep -m1 -Eiv '^(warning|note|In file included|[0-9]+ (warning|error)s? generated)' "$1" | grep -v '^\s*$')
	[ -z "$r" ] && r="exit status $(cat "$1.rc" 2>/dev/null) with no message"
	r=${r//$2\//}
	r=$(printf '%s' "$r" | sed -E 's#/tmp/bcc2core-[A-Za-z0-9]+/##g')
	trim "$r"
}

# The verifier's reason from bpftool/libbpf output: the failing program and
# the last verifier line before "processed N insns" / the end of the log, or
# libbpf's own message when there was no verifier log.
verify_reason() { # LOG
	awk '
	/^libbpf: prog .*: BPF program load failed/ && !prog {
		prog = $0; sub(/^libbpf: prog /, "", prog); sub(/: BPF program load failed:/, ":", prog)
	}
	/-- BEGIN PROG LOAD LOG --/ { inlog = 1; next }
	/-- END PROG LOAD LOG --/ { inlog = 0; if (last != "") done = 1; next }
	inlog && !done {
		if ($0 ~ /^processed [0-9]+ insns/ || $0 ~ /^verification time/ || $0 ~ /^stack depth/) next
		if ($0 ~ /^[[:space:]]*$/) next
		last = $0
	}
	/^libbpf: / && !first && !/skipping unrecognized data section/ && !/libbpf: prog .*: BPF program load failed/ && !/-- (BEGIN|END) PROG LOAD LOG --/ && !/^libbpf: prog .*: failed to load/ {
		first = $0
	}
	END {
		if (last != "") { sub(/^[0-9]+: /, "", last); print (prog ? prog " " : "") last }
		else if (prog) print prog
		else if (first) print first
		else { while ((getline l < FILENAME) > 0) if (l !~ /^\s*$/ && l !~ /^Warning:|^If it used/) { print l; break } }
	}' "$1"
}

# Program sections of an object that this kernel refuses (EPERM here).
second_kernel_progs() { # OBJ
	llvm-objdump -t "$1" 2>/dev/null |
		awk '$3 == "F" && $4 ~ /^(fentry|fexit|fmod_ret|lsm)(\.s)?\// { print $NF }'
}

results=$logs/results.tsv
: >"$results"
files=()
for f in "$here"/tools/*.bcc.c "$here"/examples/*.bcc.c; do
	[ -e "$f" ] || continue
	rel=${f#"$here"/}
	name=${rel%.bcc.c}
	if [ ${#patterns[@]} -gt 0 ]; then
		m=0
		for p in "${patterns[@]}"; do
			# shellcheck disable=SC2053
			[[ $name == $p || $name == */$p ]] && m=1
		done
		[ "$m" = 1 ] || continue
	fi
	files+=("$f")
done

start=$(date +%s)
idx=0
for f in "${files[@]}"; do
	idx=$((idx + 1))
	rel=${f#"$here"/}
	name=${rel%.bcc.c}
	w=$logs/$name
	mkdir -p "$w"
	cp "$f" "$w/in.c"
	args=()
	if [ "$use_args" = 1 ] && [ -f "${f%.c}.args" ]; then
		while read -r a b; do
			[ -z "$a" ] && continue
			case "$a" in '#'*) continue ;; esac
			args+=("$a")
			[ -n "$b" ] && args+=("$b")
		done <"${f%.c}.args"
	fi
	conv=no comp=- ver=- reason=
	"$bin" convert "${args[@]}" "$w/in.c" -o "$w/out.bpf.c" >"$w/convert.log" 2>&1
	echo $? >"$w/convert.log.rc"
	if [ "$(cat "$w/convert.log.rc")" = 0 ] && [ -s "$w/out.bpf.c" ]; then
		conv=yes comp=no
		"$bin" build "${args[@]}" "$w/in.c" -o "$w/out.bpf.o" >"$w/build.log" 2>&1
		echo $? >"$w/build.log.rc"
		if [ "$(cat "$w/build.log.rc")" = 0 ] && [ -s "$w/out.bpf.o" ]; then
			comp=yes ver=no
			pin=$pin_base/$idx
			mkdir -p "$pin_base"
			bpftool prog loadall "$w/out.bpf.o" "$pin" >"$w/verify.log" 2>&1
			vrc=$?
			rm -rf "$pin"
			if [ "$vrc" = 0 ]; then
				ver=yes
			else
				reason=$(trim "$(verify_reason "$w/verify.log")")
				sk=$(second_kernel_progs "$w/out.bpf.o")
				failed_prog=$(sed -n "s/^libbpf: prog '\([^']*\)': BPF program load failed: Operation not permitted.*/\1/p" "$w/verify.log" | head -1)
				if [ -n "$sk" ] && [ -n "$failed_prog" ] && printf '%s\n' "$sk" | grep -qx "$failed_prog"; then
					# refused for being fentry/LSM: load the rest without them
					nsk=$(printf '%s\n' "$sk" | wc -l)
					part=$(/usr/bin/python3 "$here/load_partial.py" "$w/out.bpf.o" 2>"$w/partial.log")
					if [ $? = 0 ]; then
						loaded=$(printf '%s' "$part" | sed -n 's/^loaded \([0-9]*\) of.*/\1/p')
						if [ "${loaded:-0}" -gt 0 ]; then
							ver=partial
							reason="verified without its $nsk fentry/LSM programs (EPERM here: second kernel)"
						else
							ver=kernel
							reason="needs second kernel: only fentry/LSM programs ($nsk), EPERM here"
						fi
					else
						reason=$(trim "$(verify_reason "$w/partial.log") (loaded without fentry/LSM)")
					fi
				fi
			fi
		else
			reason=$(compile_reason "$w/build.log" "$w")
		fi
	else
		reason=$(compile_reason "$w/convert.log" "$w")
	fi
	if [ "$ver" = yes ] || [ "$ver" = partial ]; then
		status=pass
		[ -n "${xfail[$name]+x}" ] && status=xpass
	elif [ "$ver" = kernel ]; then
		status=kernel
	elif [ -n "${xfail[$name]+x}" ]; then
		status=xfail
	else
		status=FAIL
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$conv" "$comp" "$ver" "$status" "$reason" >>"$results"
done
elapsed=$(($(date +%s) - start))

count() { awk -F'\t' -v s="$1" '$5 == s' "$results" | wc -l; }
total=$(wc -l <"$results")
n_conv=$(awk -F'\t' '$2 == "yes"' "$results" | wc -l)
n_comp=$(awk -F'\t' '$3 == "yes"' "$results" | wc -l)
n_ver=$(awk -F'\t' '$4 == "yes"' "$results" | wc -l)
n_partial=$(awk -F'\t' '$4 == "partial"' "$results" | wc -l)
n_pass=$(count pass)
n_xpass=$(count xpass)
n_fail=$(count FAIL)
n_xfail=$(count xfail)
n_kernel=$(count kernel)

w1=$(awk -F'\t' 'length($1) > m { m = length($1) } END { print (m > 4 ? m : 4) }' "$results")
printf "%-${w1}s | %-9s | %-8s | %-8s | %-6s | %s\n" tool converted compiled verified result reason
awk -F'\t' -v w="$w1" '{ printf "%-" w "s | %-9s | %-8s | %-8s | %-6s | %s\n", $1, $2, $3, $4, $5, $6 }' "$results"
echo
echo "$total programs in ${elapsed}s: $n_conv converted, $n_comp compiled, $n_ver verified" \
	"(+ $n_partial verified without their fentry/LSM programs);" \
	"xfail $n_xfail (expected-failures.txt), needs second kernel $n_kernel"
if [ "$n_xpass" -gt 0 ]; then
	echo "now passing, remove from $(basename "$expected"):" \
		"$(awk -F'\t' '$5 == "xpass" { printf "%s ", $1 }' "$results")"
fi
if [ "$n_fail" -gt 0 ]; then
	echo "unexpected failures: $(awk -F'\t' '$5 == "FAIL" { printf "%s ", $1 }' "$results")"
fi

if [ -n "$table" ]; then
	{
		echo "# Corpus sweep"
		echo
		echo "Generated by \`compat-tests/corpus/sweep.sh --table $table\` on kernel $(uname -r)"
		echo "at commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)."
		echo "Stages: **converted** = \`bcc2core convert\`, **compiled** = \`bcc2core build\`,"
		echo "**verified** = \`bpftool prog loadall\` (kernel verifier); \"partial\" = the object"
		echo "has fentry/LSM programs, which this kernel refuses with EPERM, and its other"
		echo "programs verified (\`load_partial.py\`). Result: pass, FAIL, xfail (listed in"
		echo "\`compat-tests/corpus/expected-failures.txt\`, a list meant to shrink), kernel"
		echo "(only fentry/LSM programs: needs a second kernel)."
		echo
		echo "$total programs: $n_conv converted, $n_comp compiled, $n_ver verified" \
			"(+ $n_partial verified without their fentry/LSM programs);" \
			"xfail $n_xfail, needs second kernel $n_kernel."
		echo
		echo "| tool | converted | compiled | verified | result | reason |"
		echo "| --- | --- | --- | --- | --- | --- |"
		awk -F'\t' '{ r = $6; gsub(/`/, "\047", r); printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, (r == "" ? "" : "`" r "`") }' "$results"
		echo
		echo "$((n_pass + n_xpass)) passed, $n_fail failed, $((n_xfail + n_kernel)) skipped"
	} >"$table"
fi

echo "$((n_pass + n_xpass)) passed, $n_fail failed, $((n_xfail + n_kernel)) skipped"
[ "$n_fail" = 0 ]
