#!/bin/bash
# Sets the machine up and runs the whole test suite; prints ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cd build
# two at a time: a test whose programs run in a QEMU guest's kernel runs
# beside anything, the host's tests share two slots, and those that must
# have the host's BPF to themselves (hygiene, the corpus sweep, the
# sanitized suite) take both (compat-tests/CMakeLists.txt,
# ctest-resources.json)
ctest -j2 --output-on-failure "$@"
