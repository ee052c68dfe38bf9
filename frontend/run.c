// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bcc2core run: load and attach a converted program, optionally run a
 * command under it, print its output, and free everything on every path. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/close_range.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "bcc2core/runtime.h"
#include "main.h"

static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t clear_request;	/* SIGUSR1 under --ready-fd */

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void on_clear(int sig)
{
	(void)sig;
	clear_request = 1;
}

/* Only to interrupt the runtime's poll: the command's exit is seen at once,
 * not at the next poll timeout. */
static void on_child(int sig)
{
	(void)sig;
}

static void do_help(void)
{
	fprintf(stderr,
		"Usage: %1$s run [--json] [--duration SECS] [--btf FILE] [--kconfig FILE]\n"
		"                [--strict] [-v]\n"
		"                [--set NAME=VAL]... [--map-size NAME=N]...\n"
		"                [--interval SECS [--count N] [--clear]]\n"
		"                [-D NAME[=VAL]]... [-I DIR]... [--attach SPEC]...\n"
		"                OBJ.bpf.o|IN.c [-- CMD [ARG]...]\n"
		"\n"
		"Loads and attaches every program of OBJ (or of IN.c, built first), then runs\n"
		"CMD and stops when it exits, or stops after SECS, or on SIGINT/SIGTERM. Prints\n"
		"events and printk lines as they come and every map at the end.\n"
		"  --json          JSON Lines: map, event, printk and lost records\n"
		"  --duration SECS stop after SECS seconds\n"
		"  --btf FILE      kernel BTF for CO-RE, for kernels without /sys/kernel/btf/vmlinux\n"
		"  --strict        a program that cannot attach is an error, not a warning\n"
		"  --set NAME=VAL  set a const volatile global of the program before load\n"
		"  --map-size NAME=N  resize a map before load\n"
		"  --no-btf-cache  neither use nor fill the per-kernel minimized BTF cache\n"
		"  --kconfig FILE  this kernel's config, for the program's #if tests decided at\n"
		"                  load time, when /boot/config-RELEASE and /proc/config.gz are not it\n"
		"  --interval SECS print the maps every SECS seconds (BCC tools' interval mode)\n"
		"  --count N       stop after N intervals\n"
		"  --clear         empty the maps after each interval\n"
		"  --ready-fd N    write one byte to fd N once everything is attached; then\n"
		"                  SIGUSR1 empties the maps, flushes what was printed and\n"
		"                  writes another byte, and a stop detaches before the final\n"
		"                  read (how 'diff' starts and ends both sides together)\n"
		"  -v              say what was attached\n", bin_name);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Starts @cmd; the exec error, if any, comes back through a CLOEXEC pipe. */
static pid_t spawn(char **cmd)
{
	int pfd[2], child_err = 0;
	pid_t pid, parent = getpid();
	ssize_t n;

	if (pipe2(pfd, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		/* its own process group: stopping the run stops all it started */
		setpgid(0, 0);
		/* and should the run be killed outright (SIGKILL), CMD is told too
		 * rather than left running, orphaned (the check: it may be gone) */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(127);
		/* nothing of ours crosses exec: BPF fds are CLOEXEC, but libraries
		 * (libclang, for a .c input) may have opened files without it */
		close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
		close(pfd[0]);
		execvp(cmd[0], cmd);
		child_err = errno;
		n = write(pfd[1], &child_err, sizeof(child_err));
		(void)n;
		_exit(127);
	}
	close(pfd[1]);
	do {
		n = read(pfd[0], &child_err, sizeof(child_err));
	} while (n < 0 && errno == EINTR);
	close(pfd[0]);
	if (n == sizeof(child_err)) {
		waitpid(pid, NULL, 0);
		errno = child_err;
		return -1;
	}
	return pid;
}

/* A --set NAME=VAL or --map-size NAME=N, its number checked while parsing. */
struct run_knob {
	char name[256];
	long long value;
};

/* What the command line asks for, all of it parsed and checked before
 * anything is built, loaded or started. */
struct run_args {
	struct bcc2core_runtime_opts ro;
	struct convert_args ca;		/* -D, -I, --attach and IN.c, for a .c input */
	const char *input;		/* OBJ.bpf.o or IN.c, as given */
	bool build;			/* input is a .c: build it first */
	char **cmd;			/* what follows '--', or NULL */
	struct run_knob *sets, *sizes;	/* --set, --map-size */
	int nsets, nsizes;
	double duration, interval;
	long count;
	bool clear;
	int ready_fd;			/* --ready-fd N, or -1 */
	bool want_help;
};

/* What a run holds, freed by run__free() whatever ends it. */
struct run {
	struct bcc2core_runtime *rt;
	const char *obj;		/* OBJ, or the object built from IN.c */
	char tmpdir[PATH_MAX];		/* where IN.c was built, until libbpf read it */
	char obj_path[PATH_MAX + sizeof("/prog.bpf.o")];
	pid_t child;			/* CMD, while it runs */
	int child_status;
};

static int push_knob(struct run_knob **knobs, int *cnt, const char *arg, long long value)
{
	const char *eq = strchr(arg, '=');
	struct run_knob *k = realloc(*knobs, (*cnt + 1) * sizeof(**knobs));

	if (!k)
		return -ENOMEM;
	*knobs = k;
	k += (*cnt)++;
	snprintf(k->name, sizeof(k->name), "%.*s", (int)(eq - arg), arg);
	k->value = value;
	return 0;
}

/* --set NAME=VAL, VAL an integer in any base strtoll() reads */
static int parse_set(struct run_args *a, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *end;
	long long v;

	if (!eq || eq == arg) {
		p_err("bad --set '%s'", arg);
		fprintf(stderr, "  hint: --set NAME=VALUE, NAME a const volatile global\n");
		return -EINVAL;
	}
	v = strtoll(eq + 1, &end, 0);
	if (!eq[1] || *end) {
		p_err("bad --set '%s': '%s' is not an integer", arg, eq + 1);
		return -EINVAL;
	}
	return push_knob(&a->sets, &a->nsets, arg, v);
}

/* --map-size NAME=N, N a map's max_entries (a __u32, not 0) */
static int parse_map_size(struct run_args *a, const char *arg)
{
	const char *eq = strchr(arg, '=');
	unsigned long v;
	char *end;

	if (!eq || eq == arg) {
		p_err("bad --map-size '%s'", arg);
		fprintf(stderr, "  hint: --map-size NAME=ENTRIES\n");
		return -EINVAL;
	}
	v = strtoul(eq + 1, &end, 0);
	if (!eq[1] || *end || !v || v > 0xffffffffUL) {
		p_err("bad --map-size '%s': '%s' is not a positive entry count", arg, eq + 1);
		return -EINVAL;
	}
	return push_knob(&a->sizes, &a->nsizes, arg, v);
}

static void run_args__free(struct run_args *a)
{
	convert_args__free(&a->ca);
	free(a->sets);
	free(a->sizes);
	memset(a, 0, sizeof(*a));
}

/* Fills @a from run's arguments (@argv[0] is the first). 0, -EINVAL for a
 * usage error, or another -errno (an unreadable --kconfig, no memory); each
 * error said why. @a is to be freed either way. */
static int parse_run_args(int argc, char **argv, struct run_args *a)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "duration", required_argument, NULL, 't' },
		{ "btf", required_argument, NULL, 'b' },
		{ "strict", no_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "define", required_argument, NULL, 'D' },
		{ "include", required_argument, NULL, 'I' },
		{ "attach", required_argument, NULL, 'a' },
		{ "set", required_argument, NULL, 'S' },
		{ "no-btf-cache", no_argument, NULL, 'N' },
		{ "kconfig", required_argument, NULL, 'K' },
		{ "map-size", required_argument, NULL, 'M' },
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'c' },
		{ "clear", no_argument, NULL, 'C' },
		{ "ready-fd", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char **conv_argv;
	int opt, err = 0, nconv = 1, dashdash;

	memset(a, 0, sizeof(*a));
	a->ro.sz = sizeof(a->ro);
	a->ready_fd = -1;
	dashdash = split_command(argc, argv, &a->cmd);
	if (dashdash < 0)
		return dashdash;
	/* what building a .c input takes, for convert_args__parse(): an
	 * argv[0] (getopt skips it), IN.c, and -D, -I, --attach with their
	 * values, two entries even when one argument holds both (-DX) */
	conv_argv = calloc(2 * dashdash + 2, sizeof(*conv_argv));
	if (!conv_argv)
		return -ENOMEM;
	conv_argv[0] = "run";
	/* getopt skips argv[0]: here "run" */
	argv--;
	optind = 0;
	opterr = 0;
	while (!err && (opt = getopt_long(dashdash + 1, argv, ":jt:b:svD:I:h", opts, NULL)) >= 0) {
		char *end;

		switch (opt) {
		case 'j':
			a->ro.json = true;
			break;
		case 't':
			a->duration = strtod(optarg, &end);
			if (*end || a->duration <= 0) {
				p_err("bad --duration '%s'", optarg);
				fprintf(stderr, "  hint: a positive number of seconds, e.g. --duration 5\n");
				err = -EINVAL;
			}
			break;
		case 'b':
			a->ro.btf_path = optarg;
			break;
		case 's':
			a->ro.strict = true;
			break;
		case 'v':
			if (!frontend_print) {
				frontend_print = print_info_levels;
				bcc2core_set_print(frontend_print);
			}
			verbose = true;
			break;
		case 'D':
		case 'I':
		case 'a':
			conv_argv[nconv++] = opt == 'a' ? "--attach" : opt == 'D' ? "-D" : "-I";
			conv_argv[nconv++] = optarg;
			break;
		case 'N':
			a->ro.no_btf_cache = true;
			break;
		case 'K':
			if (access(optarg, R_OK)) {
				err = -errno;
				p_err("cannot read --kconfig '%s': %s", optarg, strerror(errno));
				fprintf(stderr, "  hint: a kernel config file, as /boot/config-RELEASE "
					"(plain or gzip'ed)\n");
				break;
			}
			a->ro.kconfig_path = optarg;
			break;
		case 'i':
			a->interval = strtod(optarg, &end);
			if (*end || a->interval <= 0) {
				p_err("bad --interval '%s'", optarg);
				fprintf(stderr, "  hint: a positive number of seconds, e.g. --interval 1\n");
				err = -EINVAL;
			}
			break;
		case 'c':
			a->count = strtol(optarg, &end, 10);
			if (*end || a->count <= 0) {
				p_err("bad --count '%s'", optarg);
				fprintf(stderr, "  hint: a positive number of intervals\n");
				err = -EINVAL;
			}
			break;
		case 'C':
			a->clear = true;
			break;
		case 'R':
			a->ready_fd = strtol(optarg, &end, 10);
			if (*end || a->ready_fd < 3 || fcntl(a->ready_fd, F_GETFD) < 0) {
				p_err("bad --ready-fd '%s'", optarg);
				fprintf(stderr, "  hint: an open file descriptor above 2\n");
				err = -EINVAL;
			}
			break;
		case 'M':
			err = parse_map_size(a, optarg);
			break;
		case 'S':
			err = parse_set(a, optarg);
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
			fprintf(stderr, "  hint: see '%s run --help'\n", bin_name);
			err = -EINVAL;
			break;
		}
	}
	if (err)
		goto out;
	err = -EINVAL;
	if (optind > dashdash) {
		p_err("no object to run");
		fprintf(stderr, "  hint: %s run prog.bpf.o (from '%s build') or prog.c\n", bin_name,
			bin_name);
		goto out;
	}
	if (dashdash + 1 - optind > 1) {
		p_err("unexpected argument '%s'", argv[optind + 1]);
		fprintf(stderr, "  hint: put the command to run after '--'\n");
		goto out;
	}
	a->input = argv[optind];
	a->build = strlen(a->input) > 2 && !strcmp(a->input + strlen(a->input) - 2, ".c");
	if (a->build) {
		conv_argv[nconv++] = a->input;
		if (convert_args__parse(nconv - 1, (char **)conv_argv + 1, &a->ca))
			goto out;
	} else if (nconv > 1) {
		p_err("-D, -I and --attach apply to a .c input; '%s' is already built", a->input);
		goto out;
	}
	if ((a->count || a->clear) && !a->interval) {
		p_err("--count and --clear go with --interval");
		fprintf(stderr, "  hint: --interval SECS [--count N] [--clear], e.g. "
			"--interval 1 --count 5\n");
		goto out;
	}
	/* the runtime knobs the environment sets (the library reads none) */
	runtime_opts__from_env(&a->ro);
	err = 0;
out:
	free(conv_argv);
	return err;
}

static void run__remove_build(struct run *r)
{
	if (!r->tmpdir[0])
		return;
	unlink(r->obj_path);
	rmdir(r->tmpdir);
	r->tmpdir[0] = '\0';
}

/* OBJ, or IN.c built into a private directory. 0 or -1 (said why). */
static int run__prepare(struct run *r, const struct run_args *a)
{
	r->obj = a->input;
	if (a->build) {
		const char *tmp = getenv("TMPDIR");

		snprintf(r->tmpdir, sizeof(r->tmpdir), "%s/bcc2core-run-XXXXXX",
			 tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(r->tmpdir)) {
			p_err("cannot create a temporary directory: %s", strerror(errno));
			r->tmpdir[0] = '\0';
			return -1;
		}
		snprintf(r->obj_path, sizeof(r->obj_path), "%s/prog.bpf.o", r->tmpdir);
		if (build_object(&a->ca, r->obj_path))
			return -1;
		r->obj = r->obj_path;
	}
	if (access(r->obj, R_OK)) {
		p_err("cannot read '%s': %s", r->obj, strerror(errno));
		return -1;
	}
	if (verbose)
		print_build_inputs(r->obj);
	return 0;
}

/* Opens, configures, loads and attaches. 0 or -1 (said why). SIGINT and
 * SIGTERM are caught from here on: one while loading stops the run cleanly. */
static int run__load(struct run *r, const struct run_args *a)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct sigaction sc = { .sa_handler = on_child, .sa_flags = SA_NOCLDSTOP };
	int err;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGCHLD, &sc, NULL);
	r->rt = bcc2core_runtime__open(r->obj, &a->ro);
	err = errno;
	if (!r->rt) {
		char msg[128];

		bcc2core_strerror(err, msg, sizeof(msg));
		/* ENODATA: no kernel BTF to relocate against, said above */
		p_err("cannot open '%s': %s", r->obj, err == ENODATA ? "no kernel BTF for it" : msg);
		/* a missing BTF and a newer object format said their own hint */
		if (err != ENODATA && err != BCC2CORE_ERRNO__OBJECT_FORMAT)
			fprintf(stderr, "  hint: run takes objects made by '%s build'\n", bin_name);
		return -1;
	}
	for (int i = 0; i < a->nsets; i++) {
		err = bcc2core_runtime__set_global(r->rt, a->sets[i].name, a->sets[i].value);
		if (err) {
			p_err("cannot set '%s': %s", a->sets[i].name, err == -ENOENT
			      ? "the program has no such const volatile global" : strerror(-err));
			return -1;
		}
	}
	for (int i = 0; i < a->nsizes; i++) {
		err = bcc2core_runtime__set_map_size(r->rt, a->sizes[i].name, a->sizes[i].value);
		if (err) {
			p_err("cannot resize '%s': %s", a->sizes[i].name, err == -ENOENT
			      ? "the program has no such map" : strerror(-err));
			return -1;
		}
	}
	err = bcc2core_runtime__load(r->rt);
	/* loaded (the runtime opens the object again when the verifier
	 * refuses a form, reopen.c): nothing left on disk, whatever ends the
	 * run */
	run__remove_build(r);
	if (err == -BCC2CORE_ERRNO__NO_SHARED_TABLE) {
		return -1;	/* the runtime named the table, with a hint */
	} else if (err) {
		p_err("the kernel did not accept the program: %s", strerror(-err));
		fprintf(stderr, "  hint: run with -d to see the verifier log\n");
		return -1;
	}
	err = bcc2core_runtime__attach(r->rt);
	if (err) {
		char msg[128];

		bcc2core_strerror(err, msg, sizeof(msg));
		p_err("cannot attach: %s", msg);
		if (err == -BCC2CORE_ERRNO__NOTHING_ATTACHED)
			fprintf(stderr, "  hint: `%s -v run` says why each program will not run; "
				"`%s verify` still checks them\n", bin_name, bin_name);
		return -1;
	}
	return 0;
}

/* Starts CMD and prints what comes until CMD exits, --duration is over,
 * --count intervals are printed or a signal comes. 0 or -1 (said why);
 * *print_maps false when the last interval has just been printed. */
static int run__loop(struct run *r, const struct run_args *a, bool *print_maps)
{
	double deadline = 0, next_print = 0;
	long printed = 0;
	int err;

	*print_maps = true;
	if (stop_signal)
		return 0;	/* stopped while loading: CMD never starts */
	if (a->ready_fd >= 0) {
		struct sigaction su = { .sa_handler = on_clear };

		sigaction(SIGUSR1, &su, NULL);
		if (write(a->ready_fd, "R", 1) != 1) {
			p_err("cannot write to --ready-fd: %s", strerror(errno));
			return -1;
		}
	}
	if (a->cmd) {
		r->child = spawn(a->cmd);
		if (r->child < 0) {
			p_err("cannot run '%s': %s", a->cmd[0], strerror(errno));
			r->child = 0;
			return -1;
		}
	}
	if (a->duration > 0)
		deadline = now() + a->duration;
	if (a->interval > 0)
		next_print = now() + a->interval;
	while (!stop_signal) {
		int timeout = 100;

		if (deadline) {
			double left = deadline - now();

			if (left <= 0)
				break;
			if (left * 1000 < timeout)
				timeout = (int)(left * 1000) + 1;
		}
		if (next_print) {
			double left = next_print - now();

			if (left <= 0) {
				/* BCC tools' interval mode: print, maybe clear, go on */
				bcc2core_runtime__poll(r->rt, 0);
				bcc2core_runtime__print_maps(r->rt);
				if (a->clear)
					bcc2core_runtime__clear_maps(r->rt);
				next_print += a->interval;
				if (a->count && ++printed >= a->count) {
					*print_maps = false;
					return 0;
				}
				continue;
			}
			if (left * 1000 < timeout)
				timeout = (int)(left * 1000) + 1;
		}
		if (clear_request) {
			/* a fresh start: what came before is printed, the maps empty */
			clear_request = 0;
			bcc2core_runtime__poll(r->rt, 0);
			fflush(stdout);
			bcc2core_runtime__clear_maps(r->rt);
			if (write(a->ready_fd, "C", 1) != 1)
				return -1;
			continue;
		}
		err = bcc2core_runtime__poll(r->rt, timeout);
		if (err < 0 && err != -EINTR) {
			p_err("reading events: %s", strerror(-err));
			return -1;
		}
		if (r->child > 0 && waitpid(r->child, &r->child_status, WNOHANG) == r->child) {
			r->child = 0;
			break;
		}
	}
	return 0;
}

/* The end of a run that went well: what the programs wrote before it,
 * every map (unless --count just printed them). Returns run's exit status. */
static int run__drain(struct run *r, const struct run_args *a, bool print_maps)
{
	if (a->ready_fd >= 0) {
		/* under diff: stop counting, then read, as BCC's side does, so
		 * both results end at the stop, not at each side's read */
		struct bpf_program *prog;

		bpf_object__for_each_program(prog, bcc2core_runtime__object(r->rt))
			bcc2core_runtime__detach_program(r->rt, bpf_program__name(prog));
	}
	if (print_maps) {
		bcc2core_runtime__poll(r->rt, 0);
		bcc2core_runtime__print_maps(r->rt);	/* the last, partial interval too */
	}
	if (!a->ro.no_btf_cache)
		bcc2core_runtime__cache_btf(r->rt);	/* faster starts from now on */
	if (!a->cmd || r->child)
		return 0;
	if (WIFEXITED(r->child_status))
		return WEXITSTATUS(r->child_status);	/* like strace: the command's status */
	if (WIFSIGNALED(r->child_status))
		return 128 + WTERMSIG(r->child_status);
	return 0;
}

static void run__free(struct run *r)
{
	if (r->child > 0) {
		kill(-r->child, SIGTERM);
		waitpid(r->child, NULL, 0);
	}
	bcc2core_runtime__destroy(r->rt);
	run__remove_build(r);
}

int do_run(int argc, char **argv)
{
	struct run_args a;
	struct run r = {};
	bool print_maps = true;
	int err, ret = 1;

	err = parse_run_args(argc, argv, &a);
	if (err || a.want_help) {
		if (!err)
			do_help();
		run_args__free(&a);
		return err == -EINVAL ? 2 : err ? 1 : 0;
	}
	if (!run__prepare(&r, &a) && !run__load(&r, &a) && !run__loop(&r, &a, &print_maps))
		ret = run__drain(&r, &a, print_maps);
	run__free(&r);
	run_args__free(&a);
	return ret;
}
