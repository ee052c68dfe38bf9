"""What every e2e test shares."""
import sys


def fail(msg):
    """Reports the failed check and ends the test with status 1."""
    print("FAIL:", msg)
    sys.exit(1)
