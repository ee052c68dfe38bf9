/* READ and WRITE, the direction an iov_iter carries (<linux/fs.h>, which
 * vmlinux.h lacks; bcc2core_defs.h has them), as ttysnoop tests it. */
#include <linux/fs.h>
#include <linux/uio.h>

BPF_ARRAY(writes, u64, 2);

int kprobe__tty_write(struct pt_regs *ctx, struct kiocb *iocb, struct iov_iter *from)
{
	int dir = from->data_source == WRITE ? WRITE : READ;

	writes.increment(dir);
	return 0;
}
