//@ --attach kprobe:vfs_unlink=trace_unlink
//@ --
#include <linuattach kprobe:vfs_rename=trace_rename
#ix/ip.h>
nc