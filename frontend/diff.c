// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bcc2core diff: the same BCC program under real BCC and as bcc2core's
 * object, both attached at once, the same workload, then what each saw
 * compared (diff_compare.c). BCC's side is data/bcc2core_diff_bcc.py under
 * Debian's python3-bpfcc, given kernel headers in a private mount namespace
 * when the running kernel has none; bcc2core's side is `run --ready-fd`. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "diff.h"
#include "main.h"

#define BCC_PYTHON "/usr/bin/python3"
#define READY_FD 3

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void do_help(void)
{
	fprintf(stderr,
		"Usage: %1$s diff [--json] [--duration SECS] [--truth FILE] [--bcc-headers DIR]\n"
		"                 [-D NAME[=VAL]]... [--attach SPEC]... PROG.bcc.c [-- CMD [ARG]...]\n"
		"\n"
		"Loads PROG twice, under BCC (%2$s with python3-bpfcc, BPF(text=...) with the\n"
		"same cflags and attach calls) and as bcc2core's object, both attached at the\n"
		"same time; runs CMD (or waits SECS, or for SIGINT), then compares every map by\n"
		"key and field, the event streams as multisets of decoded records, histograms\n"
		"bucket by bucket. Timestamps (ts, time, *_ns), stack ids and kernel pointers\n"
		"are compared by kind, not value. Exits 0 when both agree, 1 when they differ,\n"
		"2 when they could not be compared (a side failed to compile or attach).\n"
		"  --json          JSON Lines: difference records, then a summary\n"
		"  --duration SECS without CMD: how long both watch\n"
		"  --truth FILE    expected values, 'MAP KEY FIELD VALUE' lines (KEY, VALUE\n"
		"                  JSON without spaces; FIELD - for a whole value) or JSON\n"
		"                  Lines of {\"map\",\"key\",\"field\",\"value\"}, read after the\n"
		"                  workload (which may write it): each difference is marked\n"
		"                  with the side that matches\n"
		"  --bcc-headers DIR  the kernel headers BCC compiles against (a\n"
		"                  /lib/modules/RELEASE/build); default: the running kernel's,\n"
		"                  else the newest under /lib/modules, given to BCC in a private\n"
		"                  mount namespace (the report says when they are not the\n"
		"                  running kernel's: BCC then reads kernel structs at their offsets)\n"
		"  -D, --attach    as for '%1$s build'; --attach becomes BCC's attach_*() call\n"
		"Not there yet: --tool TOOL (a BCC Python tool under BCC and under the drop-in\n"
		"package) and --guest (the comparison in the QEMU guest lane).\n",
		bin_name, BCC_PYTHON);
}

struct diff_args {
	struct convert_args ca;
	bool json;
	double duration;
	const char *truth_path;
	const char *headers;		/* --bcc-headers */
	char **cmd;
	bool want_help;
};

/* a side: its process, the read end of its readiness pipe, its files */
struct side {
	const char *name;
	pid_t pid;
	int ready;
	char out[PATH_MAX + 16], err[PATH_MAX + 16];
};

static int parse_diff_args(int argc, char **argv, struct diff_args *a)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "duration", required_argument, NULL, 't' },
		{ "truth", required_argument, NULL, 'T' },
		{ "bcc-headers", required_argument, NULL, 'H' },
		{ "define", required_argument, NULL, 'D' },
		{ "attach", required_argument, NULL, 'a' },
		{ "tool", required_argument, NULL, 'P' },
		{ "guest", no_argument, NULL, 'G' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char **conv_argv;
	int opt, err = 0, nconv = 1, dashdash;

	memset(a, 0, sizeof(*a));
	dashdash = split_command(argc, argv, &a->cmd);
	if (dashdash < 0)
		return dashdash;
	conv_argv = calloc(2 * dashdash + 2, sizeof(*conv_argv));
	if (!conv_argv)
		return -ENOMEM;
	conv_argv[0] = "diff";
	argv--;
	optind = 0;
	opterr = 0;
	while (!err && (opt = getopt_long(dashdash + 1, argv, ":jt:D:h", opts, NULL)) >= 0) {
		char *end;

		switch (opt) {
		case 'j':
			a->json = true;
			break;
		case 't':
			a->duration = strtod(optarg, &end);
			if (*end || a->duration <= 0) {
				p_err("bad --duration '%s'", optarg);
				fprintf(stderr, "  hint: a positive number of seconds, e.g. --duration 5\n");
				err = -EINVAL;
			}
			break;
		case 'T':
			a->truth_path = optarg;
			break;
		case 'H':
			a->headers = optarg;
			break;
		case 'D':
		case 'a':
			conv_argv[nconv++] = opt == 'a' ? "--attach" : "-D";
			conv_argv[nconv++] = optarg;
			break;
		case 'P':
		case 'G':
			p_err("diff %s is not there yet: this version compares BCC programs "
			      "(.bcc.c files) on this machine", opt == 'P' ? "--tool" : "--guest");
			err = -EINVAL;
			break;
		case 'h':
			a->want_help = true;
			goto out;
		case ':':
			p_err("option '%s' needs an argument", argv[optind - 1]);
			err = -EINVAL;
			break;
		default:
			p_err("unknown option '%s'", argv[optind - 1]);
			fprintf(stderr, "  hint: see '%s diff --help'\n", bin_name);
			err = -EINVAL;
			break;
		}
	}
	if (err)
		goto out;
	err = -EINVAL;
	if (optind > dashdash) {
		p_err("no program to compare");
		fprintf(stderr, "  hint: %s diff prog.bcc.c -- CMD\n", bin_name);
		goto out;
	}
	if (dashdash + 1 - optind > 1) {
		p_err("unexpected argument '%s'", argv[optind + 1]);
		fprintf(stderr, "  hint: put the command to run after '--'\n");
		goto out;
	}
	conv_argv[nconv++] = argv[optind];
	if (convert_args__parse(nconv - 1, (char **)conv_argv + 1, &a->ca))
		goto out;
	if (strlen(a->ca.input) < 3 || strcmp(a->ca.input + strlen(a->ca.input) - 2, ".c")) {
		p_err("'%s' is not a BCC program (.c)", a->ca.input);
		goto out;
	}
	if (access(a->ca.input, R_OK)) {
		p_err("cannot read '%s': %s", a->ca.input, strerror(errno));
		goto out;
	}
	if (a->cmd && a->duration) {
		p_err("--duration or a command, not both");
		goto out;
	}
	err = 0;
out:
	free(conv_argv);
	return err;
}

/* /lib/modules/RELEASE/build of the running kernel, else the newest one
 * (a -rt flavour only when there is nothing else); *release its RELEASE */
static int pick_headers(const char *kernel, char *dir, size_t size, char *release, size_t rsize)
{
	struct dirent **ents;
	int n, best = -1, best_rt = -1;

	snprintf(dir, size, "/lib/modules/%s/build", kernel);
	if (!access(dir, R_OK)) {
		snprintf(release, rsize, "%s", kernel);
		return 0;
	}
	n = scandir("/lib/modules", &ents, NULL, versionsort);
	if (n < 0)
		return -errno;
	for (int i = 0; i < n; i++) {
		char p[PATH_MAX];

		if (ents[i]->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "/lib/modules/%s/build", ents[i]->d_name);
		if (access(p, R_OK))
			continue;
		if (strstr(ents[i]->d_name, "-rt"))
			best_rt = i;
		else
			best = i;
	}
	if (best < 0)
		best = best_rt;
	if (best >= 0) {
		snprintf(dir, size, "/lib/modules/%s/build", ents[best]->d_name);
		snprintf(release, rsize, "%s", ents[best]->d_name);
	}
	for (int i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	return best >= 0 ? 0 : -ENOENT;
}

/* --bcc-headers DIR's release: /lib/modules/RELEASE/build, else the
 * headers' own include/config/kernel.release, else DIR */
static void headers_release(const char *dir, char *release, size_t rsize)
{
	char p[PATH_MAX], buf[256] = "";
	const char *m = "/lib/modules/";
	FILE *fp;

	if (!strncmp(dir, m, strlen(m)) && strchr(dir + strlen(m), '/')) {
		snprintf(release, rsize, "%.*s", (int)strcspn(dir + strlen(m), "/"), dir + strlen(m));
		return;
	}
	snprintf(p, sizeof(p), "%s/include/config/kernel.release", dir);
	fp = fopen(p, "r");
	if (fp && fgets(buf, sizeof(buf), fp))
		buf[strcspn(buf, "\n")] = '\0';
	if (fp)
		fclose(fp);
	snprintf(release, rsize, "%s", *buf ? buf : dir);
}

/* In BCC's child: /lib/modules/@kernel/{build,source} point at @hdr, in a
 * mount namespace of its own (the host's /lib/modules is never touched). */
static int give_headers(const char *kernel, const char *build, const char *source)
{
	char p[PATH_MAX];

	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("bcc2core-diff", "/lib/modules", "tmpfs", 0, "mode=0755"))
		return -errno;
	snprintf(p, sizeof(p), "/lib/modules/%s", kernel);
	if (mkdir(p, 0755))
		return -errno;
	snprintf(p, sizeof(p), "/lib/modules/%s/build", kernel);
	if (symlink(build, p))
		return -errno;
	snprintf(p, sizeof(p), "/lib/modules/%s/source", kernel);
	if (source && symlink(source, p))
		return -errno;
	return 0;
}

/* Starts @argv with stdout and stderr into the side's files and the write
 * end of its readiness pipe as fd 3; @ns_build non-NULL: in a namespace
 * with those headers. */
static int side__start(struct side *s, char **argv, const char *kernel, const char *ns_build,
		       const char *ns_source)
{
	int pfd[2], out, errfd;

	if (pipe2(pfd, O_CLOEXEC))
		return -errno;
	out = open(s->out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	errfd = open(s->err, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (out < 0 || errfd < 0) {
		int err = -errno;

		close(pfd[0]);
		close(pfd[1]);
		if (out >= 0)
			close(out);
		if (errfd >= 0)
			close(errfd);
		return err;
	}
	fflush(NULL);
	s->pid = fork();
	if (s->pid < 0) {
		int err = -errno;

		close(pfd[0]);
		close(pfd[1]);
		close(out);
		close(errfd);
		return err;
	}
	if (s->pid == 0) {
		int e;

		/* its own process group: a terminal's ^C reaches diff alone, which
		 * stops both sides after the workload; and a diff killed outright
		 * takes its sides with it */
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		dup2(out, STDOUT_FILENO);
		dup2(errfd, STDERR_FILENO);
		if (dup2(pfd[1], READY_FD) < 0)
			_exit(126);
		if (ns_build && (e = give_headers(kernel, ns_build, ns_source))) {
			fprintf(stderr, "cannot give BCC kernel headers in a mount namespace: %s\n",
				strerror(-e));
			_exit(126);
		}
		execv(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(pfd[1]);
	close(out);
	close(errfd);
	s->ready = pfd[0];
	return 0;
}

/* the side's next readiness byte: 0, or -1 when it ended or @secs passed */
static int side__wait(struct side *s, char want, double secs)
{
	struct pollfd pfd = { .fd = s->ready, .events = POLLIN };
	char c;

	for (;;) {
		int n = poll(&pfd, 1, (int)(secs * 1000));

		if (n < 0 && errno == EINTR && !stop_signal)
			continue;
		if (n <= 0)
			return -1;
		n = read(s->ready, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		return n == 1 && c == want ? 0 : -1;
	}
}

/* ends a side: SIGTERM (already sent), then SIGKILL after 30 s; its status */
static int side__reap(struct side *s)
{
	int status = 0;

	for (int i = 0; s->pid > 0 && i < 300; i++) {
		pid_t r = waitpid(s->pid, &status, WNOHANG);

		if (r == s->pid || (r < 0 && errno != EINTR)) {
			s->pid = 0;
			break;
		}
		usleep(100000);
	}
	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, &status, 0);
		s->pid = 0;
	}
	if (s->ready >= 0)
		close(s->ready);
	s->ready = -1;
	return status;
}

/* the last line of a file that says something (the side's error), or "" */
static void last_error(const char *path, char *msg, size_t size)
{
	FILE *fp = fopen(path, "r");
	char line[1024];

	snprintf(msg, size, "(it said nothing: see '%s run' of the same program)", bin_name);
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp)) {
		line[strcspn(line, "\n")] = '\0';
		if (strstr(line, "error") || strstr(line, "rror:") || strstr(line, "cannot"))
			snprintf(msg, size, "%s", line);
	}
	fclose(fp);
}

/* BCC's side failed: its error record (stage and message), else stderr */
static void bcc_failure(const struct side *s, const struct diff_opts *o)
{
	FILE *fp = fopen(s->out, "r");
	char line[8192], stage[32] = "start", msg[4096] = "";

	while (fp && fgets(line, sizeof(line), fp)) {
		char *p = strstr(line, "\"type\":\"error\"");

		if (!p)
			continue;
		if ((p = strstr(line, "\"stage\":\"")))
			sscanf(p + 9, "%31[^\"]", stage);
		if ((p = strstr(line, "\"message\":\"")))
			snprintf(msg, sizeof(msg), "%.*s", (int)strcspn(p + 11, "\n") - 2, p + 11);
	}
	if (fp)
		fclose(fp);
	if (!*msg) {
		last_error(s->err, msg, sizeof(msg));
	} else if (!strcmp(stage, "compile")) {
		/* BCC's exception says only that it failed: clang's first error
		 * (on BCC's stderr) says why */
		FILE *ef = fopen(s->err, "r");

		while (ef && fgets(line, sizeof(line), ef)) {
			if (strstr(line, "error:")) {
				size_t n = strlen(msg);

				line[strcspn(line, "\n")] = '\0';
				snprintf(msg + n, sizeof(msg) - n, ": %.1000s", line);
				break;
			}
		}
		if (ef)
			fclose(ef);
	}
	diff__report_failure("bcc", stage, msg, o);
}

/* whether the converted program reads kernel memory through CO-RE: its
 * values then depend on the struct offsets BCC compiled against */
static bool reads_kernel_structs(const struct convert_args *ca)
{
	struct bcc2core_rewriter *rw = NULL;
	const struct bcc2core_rewriter_plugin *api;
	char *text = NULL;
	bool yes;

	if (convert_to_string(ca, &rw, &text))
		return true;	/* cannot tell: say it may */
	yes = strstr(text, "BPF_CORE_READ") || strstr(text, "bpf_core_read(") ||
	      strstr(text, "bpf_core_read_str(") || strstr(text, "bpf_core_field_");
	free(text);
	api = rewriter_plugin();
	if (api)
		api->free(rw);
	return yes;
}

static int run_workload(char **cmd, double duration)
{
	struct timespec end, now;
	pid_t pid;
	int status;

	if (cmd) {
		fflush(NULL);
		pid = fork();
		if (pid == 0) {
			signal(SIGINT, SIG_DFL);
			signal(SIGTERM, SIG_DFL);
			execvp(cmd[0], cmd);
			fprintf(stderr, "%s: error: cannot run '%s': %s\n", bin_name, cmd[0],
				strerror(errno));
			_exit(127);
		}
		if (pid < 0)
			return -errno;
		while (waitpid(pid, &status, 0) < 0)
			if (errno != EINTR)
				return -errno;
		return 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += (time_t)duration;
	end.tv_nsec += (long)((duration - (time_t)duration) * 1e9);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (stop_signal || (duration && (now.tv_sec > end.tv_sec || (now.tv_sec == end.tv_sec &&
						now.tv_nsec >= end.tv_nsec))))
			return 0;
		usleep(20000);
	}
}

static char *self_exe(void)
{
	static char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return buf;
}

int do_diff(int argc, char **argv)
{
	struct diff_args a;
	struct diff_opts o = { .sz = sizeof(o) };
	struct diff_truth *truth = NULL;
	size_t truth_cnt = 0;
	struct side bcc = { .name = "bcc", .ready = -1 }, b2c = { .name = "bcc2core", .ready = -1 };
	struct sigaction sa = { .sa_handler = on_signal };
	struct utsname un;
	char dir[PATH_MAX], obj[PATH_MAX + 16], hdr[PATH_MAX], release[256], driver[PATH_MAX];
	char build[PATH_MAX], source[PATH_MAX], src_link[PATH_MAX + 16], *ns_build = NULL, *ns_source = NULL;
	const char *tmp = getenv("TMPDIR");
	char **bargv = NULL;
	size_t nb = 0;
	struct stat st;
	long skip = 0;
	int err, ret = 2;

	err = parse_diff_args(argc, argv, &a);
	if (err || a.want_help) {
		if (!err)
			do_help();
		convert_args__free(&a.ca);
		return err ? 2 : 0;
	}
	uname(&un);
	o.json = a.json;
	o.kernel = un.release;
	if (a.headers) {
		snprintf(hdr, sizeof(hdr), "%s", a.headers);
		headers_release(a.headers, release, sizeof(release));
	} else if (pick_headers(un.release, hdr, sizeof(hdr), release, sizeof(release))) {
		snprintf(hdr, sizeof(hdr), "/lib/modules/%s/build", un.release);
		snprintf(release, sizeof(release), "none");
	}
	o.bcc_headers = release;
	o.headers_match = !strcmp(release, un.release);
	snprintf(driver, sizeof(driver), "%s/bcc2core_diff_bcc.py", data_dir());
	snprintf(dir, sizeof(dir), "%s/bcc2core-diff-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		p_err("cannot create a temporary directory: %s", strerror(errno));
		goto out_args;
	}
	snprintf(obj, sizeof(obj), "%s/prog.bpf.o", dir);
	snprintf(bcc.out, sizeof(bcc.out), "%s/bcc.out", dir);
	snprintf(bcc.err, sizeof(bcc.err), "%s/bcc.err", dir);
	snprintf(b2c.out, sizeof(b2c.out), "%s/bcc2core.out", dir);
	snprintf(b2c.err, sizeof(b2c.err), "%s/bcc2core.err", dir);
	if (build_object(&a.ca, obj)) {
		diff__report_failure("bcc2core", "compile", "the build above failed", &o);
		goto out;
	}
	o.kernel_reads = reads_kernel_structs(&a.ca);

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* BCC first: it compiles for seconds, bcc2core attaches in milliseconds */
	bargv = calloc(2 * (a.ca.cflag_cnt + a.ca.attach_cnt) + 6, sizeof(*bargv));
	if (!bargv)
		goto out;
	bargv[nb++] = BCC_PYTHON;
	bargv[nb++] = driver;
	bargv[nb++] = "--ready-fd=3";
	for (size_t i = 0; i < a.ca.cflag_cnt; i++) {
		bargv[nb++] = "--cflag";
		bargv[nb++] = (char *)a.ca.cflags[i];
	}
	for (size_t i = 0; i < a.ca.attach_cnt; i++) {
		bargv[nb++] = "--attach";
		bargv[nb++] = (char *)a.ca.attach[i];
	}
	bargv[nb++] = (char *)a.ca.input;
	if (!o.headers_match || a.headers) {
		/* resolved now: /lib/modules is hidden behind a tmpfs in there */
		/* its sibling: /lib/modules/RELEASE/source */
		snprintf(src_link, sizeof(src_link), "%.*s/source",
			 (int)(strrchr(hdr, '/') ? strrchr(hdr, '/') - hdr : 0), hdr);
		ns_build = realpath(hdr, build);
		ns_source = realpath(src_link, source);
		if (!ns_build) {
			/* BCC finds no headers: it says so itself */
			snprintf(build, sizeof(build), "%s", hdr);
			ns_build = build;
		}
	}
	if (access(BCC_PYTHON, X_OK) || access(driver, R_OK)) {
		diff__report_failure("bcc", "start", access(driver, R_OK) ?
				     "bcc2core_diff_bcc.py is not in the data directory" :
				     BCC_PYTHON " is missing", &o);
		goto out;
	}
	err = side__start(&bcc, bargv, un.release, ns_build, ns_source);
	if (err || side__wait(&bcc, 'R', 300)) {
		if (stop_signal)
			goto stop;
		if (bcc.pid > 0)
			kill(bcc.pid, SIGTERM);
		side__reap(&bcc);
		bcc_failure(&bcc, &o);
		goto out;
	}
	{
		char *rargv[] = { self_exe(), "run", "--json", "--ready-fd=3", obj, NULL };

		err = side__start(&b2c, rargv, NULL, NULL, NULL);
	}
	if (err || side__wait(&b2c, 'R', 120)) {
		char msg[1024];

		if (stop_signal)
			goto stop;
		if (b2c.pid > 0)
			kill(b2c.pid, SIGTERM);
		kill(bcc.pid, SIGTERM);
		side__reap(&b2c);
		side__reap(&bcc);
		last_error(b2c.err, msg, sizeof(msg));
		diff__report_failure("bcc2core", "attach", msg, &o);
		goto out;
	}
	/* both attached: both empty their maps, one right after the other
	 * (BCC's side, the slower to answer, first), and from then on count
	 * the same events */
	kill(bcc.pid, SIGUSR1);
	if (side__wait(&bcc, 'C', 30) || kill(b2c.pid, SIGUSR1) || side__wait(&b2c, 'C', 30)) {
		if (!stop_signal)
			p_err("a side did not answer the start signal");
		goto stop;
	}
	skip = stat(b2c.out, &st) ? 0 : st.st_size;
	err = run_workload(a.cmd, a.duration);
	if (err)
		p_err("cannot run '%s': %s", a.cmd[0], strerror(-err));
stop:
	/* the same at the end: BCC's side detaches, then bcc2core's */
	if (bcc.pid > 0 && !kill(bcc.pid, SIGTERM))
		side__wait(&bcc, 'S', 30);
	if (b2c.pid > 0)
		kill(b2c.pid, SIGTERM);
	{
		int sb = side__reap(&bcc), s2 = side__reap(&b2c);

		if (stop_signal && !a.cmd && !a.duration)
			stop_signal = 0;	/* SIGINT was how this diff was to end */
		if (stop_signal) {
			p_err("stopped by signal %d before the comparison", (int)stop_signal);
		} else if (!WIFEXITED(sb) || WEXITSTATUS(sb)) {
			bcc_failure(&bcc, &o);
		} else if (!WIFEXITED(s2) || (WEXITSTATUS(s2) && WEXITSTATUS(s2) != 128 + SIGTERM)) {
			char msg[1024];

			last_error(b2c.err, msg, sizeof(msg));
			diff__report_failure("bcc2core", "run", msg, &o);
		} else if (!err) {
			/* read now: the workload may be what wrote it */
			if (a.truth_path && diff_truth__load(a.truth_path, &truth, &truth_cnt))
				goto out;
			o.truth = truth;
			o.truth_cnt = truth_cnt;
			ret = diff__compare(bcc.out, b2c.out, skip, &o);
		}
	}
out:
	free(bargv);
	unlink(obj);
	unlink(bcc.out);
	unlink(bcc.err);
	unlink(b2c.out);
	unlink(b2c.err);
	rmdir(dir);
out_args:
	diff_truth__free(truth, truth_cnt);
	convert_args__free(&a.ca);
	return ret;
}
