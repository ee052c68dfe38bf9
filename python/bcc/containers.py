"""BPF C text that tools paste into their programs to honour --cgroupmap
and --mntnsmap: container_should_be_filtered() is true for a task outside
the pinned set of cgroup ids or mount namespace ids."""

_NO_FILTER = """
static inline int %s(void) { return 0; }
"""

_CGROUP = """
BPF_TABLE_PINNED("hash", u64, u64, cgroupset, 1024, "%s");

static inline int _cgroup_filter(void)
{
    u64 id = bpf_get_current_cgroup_id();

    return cgroupset.lookup(&id) == NULL;
}
"""

# struct mnt_namespace lives in fs/mount.h, which kernel headers packages do
# not ship: declare the part read here unless the includer already has it
# (mountsnoop's own copy, or vmlinux.h, which says so with this macro).
_MNTNS = """
#include <linux/nsproxy.h>
#include <linux/mount.h>
#include <linux/ns_common.h>

#ifndef MNT_NAMESPACE_DEFINED
#define MNT_NAMESPACE_DEFINED
struct mnt_namespace {
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 11, 0)
    atomic_t count;
#endif
    struct ns_common ns;
};
#endif

BPF_TABLE_PINNED("hash", u64, u32, mount_ns_set, 1024, "%s");

static inline int _mntns_filter(void)
{
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    struct nsproxy *nsproxy;
    struct mnt_namespace *mnt_ns;
    unsigned int inum;
    u64 id;

    if (bpf_probe_read_kernel(&nsproxy, sizeof(nsproxy), &task->nsproxy))
        return 0;
    if (bpf_probe_read_kernel(&mnt_ns, sizeof(mnt_ns), &nsproxy->mnt_ns))
        return 0;
    if (bpf_probe_read_kernel(&inum, sizeof(inum), &mnt_ns->ns.inum))
        return 0;
    id = inum;
    return mount_ns_set.lookup(&id) == NULL;
}
"""

_EITHER = """
static inline int container_should_be_filtered(void)
{
    return _cgroup_filter() || _mntns_filter();
}
"""


def filter_by_containers(args):
    """The filter text for an argparse namespace with cgroupmap and
    mntnsmap (pin paths or None); with neither, the filter is always 0."""
    cgroup = _CGROUP % args.cgroupmap if args.cgroupmap \
        else _NO_FILTER % "_cgroup_filter"
    mntns = _MNTNS % args.mntnsmap if args.mntnsmap \
        else _NO_FILTER % "_mntns_filter"
    return cgroup + mntns + _EITHER
