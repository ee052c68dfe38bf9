#!/bin/bash
# Sets the machine up and runs the whole test suite; prints ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cd build
# two at a time: the tests that must run alone say so (RUN_SERIAL: the
# guests, the corpus sweep, hygiene, fuzz, sanitize; a lock for the
# printk ones), the rest take turns on the two CPUs
ctest -j2 --output-on-failure "$@"
