#!/bin/bash
# Sets the machine up, then runs the bundled BCC program under a command that
# spawns processes: each process prints its own PID and parent PID, and
# bcc2core prints what the BPF program read from the kernel. They must agree.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
echo
echo "== bcc2core run examples/execsnoop_ppid.bcc.c (converted, compiled, loaded, attached)"
exec build/bin/bcc2core run examples/execsnoop_ppid.bcc.c -- sh -c '
	echo "ground truth: shell pid $$, parent $PPID"
	sh -c "echo \"ground truth: child pid \$\$, parent \$PPID\""
	echo "== what the BPF program saw:"'
