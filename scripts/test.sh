#!/bin/bash
# Sets the machine up and runs the whole test suite; prints ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cd build
ctest --output-on-failure "$@"
