// Bytes of each NFS page request released, per process: struct nfs_page is
// a type of the nfs module's BTF alone on Debian's 6.12 (module_btf.py).
#include <uapi/linux/ptrace.h>
#include <linux/nfs_page.h>

BPF_HASH(bytes, u32, u64);

int kprobe__nfs_release_request(struct pt_regs *ctx, struct nfs_page *req)
{
    u32 pid = bpf_get_current_pid_tgid() >> 32;
    u64 n = req->wb_bytes;

    bytes.increment(pid, n);
    return 0;
}
