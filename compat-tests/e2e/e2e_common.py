"""What every e2e test shares."""
import os
import sys


def fail(msg):
    """Reports the failed check and ends the test with status 1."""
    print("FAIL:", msg)
    sys.exit(1)


def require_root():
    """Ends the test as skipped (ctest's 77) unless it runs as root."""
    if os.geteuid() != 0:
        print("SKIP: needs root")
        sys.exit(77)
