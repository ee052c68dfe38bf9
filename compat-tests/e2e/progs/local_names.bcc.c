/* Locals named like the ones bcc2core's map helpers use inside their
 * macros (argdist's generated code calls its key "__key"): each must count
 * the program's own key and value. */
struct key_t { int v0; };
BPF_HASH(by_fd, struct key_t, u64);
BPF_HASH(plain, u32, u64);
TRACEPOINT_PROBE(syscalls, sys_enter_fsync)
{
    struct key_t __key = {};
    u32 __leaf = args->fd;
    u64 __n = 2;

    __key.v0 = args->fd;
    by_fd.atomic_increment(__key);
    plain.increment(__leaf, __n);
    return 0;
}
