# fail_loudly.sh: sourced by the guest lane's bash scripts, right after
# their `set -euo pipefail`. Under `set -e` a failing command ends a script
# with its status and nothing on stderr (a command substitution, a pipeline
# under pipefail); this prints which script, line and command failed, so no
# script of the lane can exit without saying why. (77, a skip, is said by
# the script that decides it.)
set -E
trap 'fail_loudly_rc=$?; [[ $fail_loudly_rc == 77 ]] || printf "%s: line %d: \`%s\` failed (status %d)\n" \
	"${BASH_SOURCE[0]##*/}" "$LINENO" "$BASH_COMMAND" "$fail_loudly_rc" >&2' ERR
