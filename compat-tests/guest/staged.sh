#!/bin/bash
# staged.sh SCRIPT [ARG]...: runs compat-tests/guest/SCRIPT so that the guest
# sees what it needs. The guest shares this machine's root but mounts a
# fresh /tmp (and /run): a clone or build under /tmp is invisible there, so
# it is copied (the tests, the examples, build/{bin,lib,share}) to /var/tmp
# first and the copy is what runs. Elsewhere SCRIPT runs in place.
set -euo pipefail
# shellcheck source=fail_loudly.sh
. "$(dirname "${BASH_SOURCE[0]}")/fail_loudly.sh"

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
script=$1
shift
bin=${BCC2CORE:-$repo/build/bin/bcc2core}
case "$repo:$bin:" in
/tmp/* | /run/* | *:/tmp/* | *:/run/*) ;;
*) exec "$here/$script" "$@" ;;
esac

stage=$(mktemp -d /var/tmp/bcc2core-stage.XXXXXX)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/repo" "$stage/build"
cp -a "$repo/compat-tests" "$repo/examples" "$stage/repo/"
if [[ -x $bin ]]; then
	build=$(cd "$(dirname "$bin")/.." && pwd)
	cp -a "$build/bin" "$build/lib" "$build/share" "$stage/build/"
	export BCC2CORE=$stage/build/bin/bcc2core
	export BCC2CORE_DATADIR=$stage/build/share/bcc2core
fi
echo "staged.sh: running a copy in $stage (the guest cannot see $repo)" >&2
cd "$stage/repo"
"$stage/repo/compat-tests/guest/$script" "$@"
