"""Syscall numbers to names (x86_64), for tools such as syscount and ucalls."""
from ._syscall_table import syscalls


def syscall_name(syscall_num):
    """b"execve" for 59; b"[unknown: N]" for a number not in the table."""
    return syscalls.get(syscall_num, b"[unknown: %d]" % syscall_num)
