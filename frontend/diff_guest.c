// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bcc2core diff --guest: the same diff, run inside the QEMU guest lane
 * (compat-tests/guest/run-in-guest.sh, Debian's own kernel, where BCC has
 * matching headers and kprobes attach). The object is built here, into a
 * directory the guest gets writable (--rw: its /tmp is a fresh tmpfs and the
 * host root is read-only there), and the guest's diff is told to load it
 * (--object) instead of building: BCC compiles the text in there against
 * that kernel's headers. Everything else, the report and the exit status,
 * is the guest's diff's own, passed through. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diff.h"
#include "main.h"

#define RUNNER "run-in-guest.sh"
#define RUNNER_IN_TREE "compat-tests/guest/" RUNNER
#define GUEST_READY_TIMEOUT "600"
/* the whole guest run: a boot, BCC's compile or start, the workload */
#define GUEST_TIMEOUT "1200"

static volatile sig_atomic_t forward_pid;

static void forward(int sig)
{
	/* the runner traps TERM and powers the guest off */
	if (forward_pid > 0)
		kill(forward_pid, sig == SIGINT ? SIGTERM : sig);
}

/* what the guest cannot see of this machine: its own fresh tmpfs mounts */
static bool hidden_in_guest(const char *path)
{
	static const char *const fresh[] = { "/tmp", "/run", "/dev/shm" };

	for (size_t i = 0; i < sizeof(fresh) / sizeof(*fresh); i++) {
		size_t n = strlen(fresh[i]);

		if (!strncmp(path, fresh[i], n) && (path[n] == '/' || !path[n]))
			return true;
	}
	return false;
}

/* BCC2CORE_GUEST_RUNNER, else the source tree this binary was built from:
 * the lane is a test harness, not installed */
static const char *find_runner(char *buf, size_t size)
{
	const char *env = getenv("BCC2CORE_GUEST_RUNNER");

	if (env && *env)
		snprintf(buf, size, "%s", env);
	else
		snprintf(buf, size, "%s/" RUNNER_IN_TREE, BCC2CORE_SOURCE_DIR);
	return access(buf, X_OK) ? NULL : buf;
}

static int copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY | O_CLOEXEC), out = -1, err = 0;
	struct stat st;

	if (in < 0 || fstat(in, &st))
		err = -errno;
	else if ((out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
		err = -errno;
	for (off_t off = 0; !err && off < st.st_size;)
		if (sendfile(out, in, &off, st.st_size - off) <= 0)
			err = -errno;
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return err;
}

/* whether diff's own options (before --tool) include @opt */
static bool given(const struct diff_guest_opts *o, const char *opt)
{
	size_t n = strlen(opt);

	for (int i = 0; i < o->argc; i++) {
		if (!strcmp(o->argv[i], "--tool") || !strncmp(o->argv[i], "--tool=", 7))
			break;
		if (!strncmp(o->argv[i], opt, n) && (!o->argv[i][n] || o->argv[i][n] == '='))
			return true;
	}
	return false;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	remove(path);
	return 0;
}

/* the runner's own statuses, said the way diff says a failure */
static void runner_failed(int status, const char *runner, const struct diff_guest_opts *o,
			  struct diff_opts *d)
{
	char msg[PATH_MAX + 256];

	if (WIFEXITED(status) && WEXITSTATUS(status) == 77)
		snprintf(msg, sizeof(msg), "the guest lane cannot run here (no QEMU or no guest "
			 "kernel %s; see compat-tests/guest/README.md)", o->kver ? o->kver : "6.1");
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 124)
		snprintf(msg, sizeof(msg), "the guest timed out (BCC2CORE_GUEST_TIMEOUT, default "
			 GUEST_TIMEOUT " s) and was killed");
	else if (WIFEXITED(status))
		snprintf(msg, sizeof(msg), "%s exited with status %d (its message is above)", runner,
			 WEXITSTATUS(status));
	else
		snprintf(msg, sizeof(msg), "%s was killed by signal %d", runner,
			 WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	diff__report_failure("guest", "boot", msg, d);
}

int diff_guest__run(const struct diff_guest_opts *o)
{
	struct diff_opts d = { .sz = sizeof(d), .json = o->json, .bcc_headers = "none" };
	struct sigaction sa = { .sa_handler = forward }, old_int, old_term;
	char runner[PATH_MAX], dir[PATH_MAX], obj[PATH_MAX + 16], prog[PATH_MAX + 16];
	char cache[PATH_MAX + 32], cache_env[PATH_MAX + 64], kernel[64];
	const char *base = getenv("TMPDIR"), *self = diff_self_exe();
	char **argv = NULL;
	size_t n = 0;
	int status, ret = 2;
	pid_t pid;

	snprintf(kernel, sizeof(kernel), "guest %s", o->kver ? o->kver : "6.1");
	d.kernel = kernel;
	if (!find_runner(runner, sizeof(runner))) {
		p_err("diff --guest needs the QEMU guest lane, and '%s' is not there", runner);
		fprintf(stderr, "  hint: BCC2CORE_GUEST_RUNNER=SRC/" RUNNER_IN_TREE " (a bcc2core "
			"source tree's; it needs qemu-system-x86 and a Debian kernel, "
			"compat-tests/guest/README.md), or run diff without --guest\n");
		diff__report_failure("guest", "start", "no guest lane (" RUNNER " not found)", &d);
		return 2;
	}
	if (!self || hidden_in_guest(self)) {
		p_err("the guest cannot see this bcc2core (%s): its /tmp, /run are its own",
		      self ? self : "?");
		fprintf(stderr, "  hint: build or install it elsewhere, e.g. under /var/tmp\n");
		diff__report_failure("guest", "start", "bcc2core is not visible in the guest", &d);
		return 2;
	}
	/* shared writable with the guest: not under its fresh tmpfs */
	if (!base || !*base || hidden_in_guest(base))
		base = "/var/tmp";
	snprintf(dir, sizeof(dir), "%s/bcc2core-diff-guest-XXXXXX", base);
	if (!mkdtemp(dir)) {
		p_err("cannot create a directory under %s: %s", base, strerror(errno));
		return 2;
	}
	chmod(dir, 0755);
	snprintf(obj, sizeof(obj), "%s/prog.bpf.o", dir);
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	/* the guest's object and BTF caches: the host's are read-only in there */
	snprintf(cache_env, sizeof(cache_env), "BCC2CORE_CACHE_DIR=%s", cache);
	*prog = '\0';
	if (o->prog_idx >= 0) {
		const char *in = o->argv[o->prog_idx];

		if (build_object(o->ca, obj)) {
			diff__report_failure("bcc2core", "compile", "the build above failed", &d);
			goto out;
		}
		/* BCC reads the text in the guest: where it can see it */
		if (!realpath(in, prog) || hidden_in_guest(prog)) {
			char tmp[PATH_MAX];
			int err;

			snprintf(tmp, sizeof(tmp), "%s", in);
			snprintf(prog, sizeof(prog), "%s/%s", dir, basename(tmp));
			if ((err = copy_file(in, prog))) {
				p_err("cannot copy '%s' for the guest: %s", in, strerror(-err));
				goto out;
			}
		}
	}
	argv = calloc(o->argc + 14, sizeof(*argv));
	if (!argv)
		goto out;
	argv[n++] = runner;
	argv[n++] = "--timeout";
	argv[n++] = getenv("BCC2CORE_GUEST_TIMEOUT") ? getenv("BCC2CORE_GUEST_TIMEOUT") :
		GUEST_TIMEOUT;
	argv[n++] = "--rw";
	argv[n++] = dir;
	argv[n++] = "--env";
	argv[n++] = cache_env;
	argv[n++] = "--";
	argv[n++] = (char *)self;
	argv[n++] = "diff";
	if (o->prog_idx >= 0) {
		argv[n++] = "--object";
		argv[n++] = obj;
	} else if (!given(o, "--ready-timeout")) {
		/* BCC's start-up under TCG takes 30-120 s or more, beyond the
		 * default for a tool's first line; one given later wins */
		argv[n++] = "--ready-timeout";
		argv[n++] = GUEST_READY_TIMEOUT;
	}
	for (int i = 0; i < o->argc; i++)
		argv[n++] = i == o->prog_idx ? prog : o->argv[i];
	if (o->kver && setenv("BCC2CORE_GUEST_KVER", o->kver, 1))
		goto out;
	fflush(NULL);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	pid = fork();
	if (pid == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
		execv(runner, argv);
		fprintf(stderr, "%s: error: cannot run %s: %s\n", bin_name, runner, strerror(errno));
		_exit(127);
	}
	if (pid < 0) {
		p_err("cannot start the guest: %s", strerror(errno));
		goto out;
	}
	forward_pid = pid;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			goto out;
	forward_pid = 0;
	/* 0, 1, 2 are the guest diff's, its report printed; the rest the runner's */
	if (WIFEXITED(status) && WEXITSTATUS(status) <= 2)
		ret = WEXITSTATUS(status);
	else
		runner_failed(status, runner, o, &d);
out:
	free(argv);
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return ret;
}
