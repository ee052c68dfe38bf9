#!/bin/bash
# capture.sh: build the corpus of BCC programs that the sweep converts.
#
#   compat-tests/corpus/capture.sh [--tools-only|--examples-only]
#
# tools/<tool>.bcc.c     the BPF C text that `/usr/sbin/<tool>-bpfcc --ebpf`
#                        prints (BCC's templates after the tool's own
#                        substitutions, no other arguments given; for the few
#                        tools that print it before their last substitutions,
#                        the text they pass to BPF(), see bpf_text_hook.py)
# tools/<tool>.bcc.args  bcc2core arguments for it: the tool's cflags and the
#                        --attach specs of its Python side (extract_examples.py
#                        --tool-args)
# tools/CAPTURE.txt      which tools printed, which did not and why
# examples/<name>.bcc.c  the C programs of BCC's examples/tracing (.c files
#                        and the text= strings of the .py scripts, see
#                        extract_examples.py); examples/CAPTURE.txt
#
# Some tools compile a probe program with BCC before printing, and BCC wants
# kernel headers for it. This kernel has none, so a tool that fails for that
# reason is run a second time with /lib/modules/$(uname -r) pointing at the
# installed Debian headers (HEADERS below); the link is removed afterwards.
# Needs root (BCC's Python side) and the Debian package bpfcc-tools.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tools_dir=$here/tools
examples_dir=$here/examples
examples_src=/usr/share/doc/bpfcc-tools/examples/tracing
python=/usr/bin/python3
do_tools=1
do_examples=1
case "${1:-}" in
--tools-only) do_examples=0 ;;
--examples-only) do_tools=0 ;;
"") ;;
*) echo "usage: $0 [--tools-only|--examples-only]" >&2; exit 2 ;;
esac

kdir=/lib/modules/$(uname -r)
HEADERS=${HEADERS:-$(ls -d /lib/modules/*/build 2>/dev/null | grep -v "^$kdir/" | head -1)}
HEADERS=${HEADERS%/build}
linked=0
tmp=$(mktemp -d)
cleanup() {
	if [ "$linked" = 1 ] && [ -L "$kdir" ]; then
		rm -f "$kdir"
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The tool behind a wrapper script (javacalls -> ucalls -l java).
target_of() {
	local f=$1 t
	if head -1 "$f" | grep -q python; then
		echo "$f"
		return
	fi
	t=$(grep -o '\$lib/[a-z_]*' "$f" | head -1)
	[ -n "$t" ] && echo "$(dirname "$f")/${t#\$lib/}"
}

# BPF C text from a tool's stdout: drop the messages some tools print around
# it ("Tracing... Hit Ctrl-C", "ERROR: Exiting", BCC's "Unable to find kernel
# headers" warning) and exitsnoop's time stamp; exit 1 when nothing that
# looks like C is left.
clean_c() {
	$python - "$1" "$2" <<'EOF'
import re, sys
lines = open(sys.argv[1], errors="replace").read().split("\n")
msg = re.compile(r"^(Tracing|Sampling|ERROR:|HINT:|WARNING:|Unable to find kernel headers|"
                 r"In file included|Attaching|Hit Ctrl-C)")
while lines and (msg.match(lines[0]) or not lines[0].strip()):
    lines.pop(0)
while lines and (msg.match(lines[-1]) or not lines[-1].strip()):
    lines.pop()
text = "\n".join(lines) + "\n"
# exitsnoop stamps the time into a comment: keep recaptures free of churn
text = re.sub(r"(Created by \S+ at )\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", r"\1<capture time> UTC", text)
if not lines or "{" not in text or not re.search(r"\breturn\b|BPF_|#include", text):
    sys.exit(1)
open(sys.argv[2], "w").write(text)
EOF
}

# First meaningful line of a failed run, for CAPTURE.txt.
why() {
	local lines
	lines=$(cat "$@" 2>/dev/null | grep -v '^\s*$' |
		grep -Ev '^(Traceback|  File |    |\s+\^|sh: 1: modprobe: not found)')
	{ echo "$lines" | grep -E 'ERROR|[Ee]rror|Exception' || echo "$lines"; } |
		tail -1 | cut -c1-160
}

# tools/<tool>.bcc.args: the tool's cflags and the --attach specs its Python
# side uses without options (extract_examples.py --tool-args); prints a
# summary for CAPTURE.txt.
tool_args() { # SCRIPT NAME
	local a="$tools_dir/$2.bcc.args" notes
	$python "$here/extract_examples.py" --tool-args "$1" "$tools_dir/$2.bcc.c" \
		>"$a" 2>"$tmp/$2.argnotes" || echo "# extract_examples.py failed" >>"$tmp/$2.argnotes"
	[ -s "$a" ] || rm -f "$a"
	[ -f "$a" ] && printf '; args: %s' "$(tr '\n' ' ' <"$a" | sed 's/ $//')"
	notes=$(grep -v '^\s*$' "$tmp/$2.argnotes" | tr '\n' ';' | sed 's/;$//; s/;/; /g')
	[ -n "$notes" ] && printf '; %s' "$notes"
}

# Placeholders that the tool's script .replace()s but that are still in the
# captured text: its --ebpf printed the text before substituting them.
placeholders_left() { # SCRIPT CFILE
	grep -oE "replace\(\s*['\"][A-Za-z_0-9#]+['\"]" "$1" | sed -E "s/^replace\(\s*['\"]//; s/['\"]$//" |
		sort -u | while read -r p; do
			case "$p" in
			*'#'*) grep -qF -- "$p" "$2" && echo "$p" ;;
			*) grep -qw -- "$p" "$2" && echo "$p" ;;
			esac
		done
}

# For such tools, the text the tool passes to BPF() (bpf_text_hook.py: the
# tool runs without options up to BPF(), nothing is compiled or loaded).
complete_text() { # SCRIPT NAME; prints a note for CAPTURE.txt
	local c="$tools_dir/$2.bcc.c" left h="$tmp/$2.hook.c"
	left=$(placeholders_left "$1" "$c" | tr '\n' ' ' | sed 's/ $//')
	[ -n "$left" ] || return 0
	if timeout 60 $python "$here/bpf_text_hook.py" "$h" "$1" </dev/null >/dev/null 2>"$tmp/$2.hook.err" &&
		[ -s "$h" ] && ! diff -qBw "$c" "$h" >/dev/null; then
		cp "$h" "$c"
		printf '; --ebpf printed the text before substituting %s: saved the text the tool passes to BPF() instead (bpf_text_hook.py)' "$left"
	fi
}

run_tool() { # NAME PATH OUT ERR
	timeout 60 "$2" --ebpf </dev/null >"$3" 2>"$4"
}

if [ "$do_tools" = 1 ]; then
	mkdir -p "$tools_dir"
	rm -f "$tools_dir"/*.bcc.c "$tools_dir"/*.bcc.args
	pkgver=$(dpkg-query -W -f '${Version}' bpfcc-tools 2>/dev/null || echo unknown)
	log=$tmp/capture.txt
	printed=0
	notprinted=0
	noebpf=0
	retry=()
	for f in /usr/sbin/*-bpfcc; do
		name=$(basename "$f" -bpfcc)
		t=$(target_of "$f")
		if [ -z "$t" ] || ! grep -q -- '--ebpf' "$t" 2>/dev/null; then
			echo "$name	no-ebpf	$f has no --ebpf option" >>"$log"
			noebpf=$((noebpf + 1))
			continue
		fi
		run_tool "$name" "$f" "$tmp/$name.out" "$tmp/$name.err"
		rc=$?
		if clean_c "$tmp/$name.out" "$tools_dir/$name.bcc.c"; then
			note="$f --ebpf$(complete_text "$t" "$name")$(tool_args "$t" "$name")"
			[ "$rc" != 0 ] && note="$note (exit $rc after printing)"
			grep -q 'Unable to find kernel headers' "$tmp/$name.out" "$tmp/$name.err" &&
				note="$note; BCC warned 'Unable to find kernel headers' (a header probe fell back)"
			echo "$name	printed	$note" >>"$log"
			printed=$((printed + 1))
		elif grep -Eqs 'chdir\(/lib/modules|Unable to find kernel headers|Failed to compile BPF module' \
			"$tmp/$name.out" "$tmp/$name.err"; then
			retry+=("$name")
		else
			r=$(why "$tmp/$name.out" "$tmp/$name.err")
			[ "$rc" = 124 ] && r="timed out after 60 s"
			echo "$name	not-printed	exit $rc: $r" >>"$log"
			notprinted=$((notprinted + 1))
		fi
	done
	if [ "${#retry[@]}" -gt 0 ]; then
		if [ ! -e "$kdir" ] && [ -n "$HEADERS" ] && [ -d "$HEADERS/build" ]; then
			ln -s "$HEADERS" "$kdir" && linked=1
		fi
		for name in "${retry[@]}"; do
			f=/usr/sbin/$name-bpfcc
			run_tool "$name" "$f" "$tmp/$name.out" "$tmp/$name.err"
			rc=$?
			if [ "$linked" = 1 ] && clean_c "$tmp/$name.out" "$tools_dir/$name.bcc.c"; then
				echo "$name	printed	$f --ebpf$(complete_text "$(target_of "$f")" "$name")$(tool_args "$(target_of "$f")" "$name"), with $kdir -> $HEADERS (BCC compiles a probe program against kernel headers first)" >>"$log"
				printed=$((printed + 1))
			else
				r=$(why "$tmp/$name.out" "$tmp/$name.err")
				echo "$name	not-printed	exit $rc: $r (also with headers: ${HEADERS:-none})" >>"$log"
				notprinted=$((notprinted + 1))
			fi
		done
		if [ "$linked" = 1 ]; then
			rm -f "$kdir"
			linked=0
		fi
	fi
	{
		echo "# BCC tools' BPF C text, captured by compat-tests/corpus/capture.sh as"
		echo "# \`/usr/sbin/<tool>-bpfcc --ebpf\` (no other arguments, timeout 60 s) from the"
		echo "# Debian package bpfcc-tools $pkgver on kernel $(uname -r)."
		echo "# tools/<tool>.bcc.c is that output with the tool's surrounding messages removed;"
		echo "# tools/<tool>.bcc.args (\"args:\" below) are the tool's cflags and the attach_*()"
		echo "# calls of its Python side as bcc2core --attach specs (extract_examples.py --tool-args)."
		echo "# $printed printed, $notprinted did not print, $noebpf have no --ebpf option."
		echo "# TOOL	STATUS	SOURCE or REASON"
		sort "$log"
	} >"$tools_dir/CAPTURE.txt"
	echo "tools: $printed printed, $notprinted did not print, $noebpf without --ebpf (see $tools_dir/CAPTURE.txt)"
fi

if [ "$do_examples" = 1 ]; then
	mkdir -p "$examples_dir"
	rm -f "$examples_dir"/*.bcc.c "$examples_dir"/*.bcc.args
	$python "$here/extract_examples.py" "$examples_src" "$examples_dir"
fi
