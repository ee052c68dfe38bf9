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

#include "bcc2core/runtime.h"
#include "main.h"

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
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

int do_run(int argc, char **argv)
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
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	BCC2CORE_OPTS(bcc2core_runtime_opts, ro);
	struct convert_args ca = {};
	struct bcc2core_runtime *rt = NULL;
	struct sigaction sa = { .sa_handler = on_signal };
	char **cmd = NULL, tmpdir[PATH_MAX] = "", obj_path[PATH_MAX];
	const char *input = NULL, **conv_argv = NULL, **sets = NULL, **sizes = NULL;
	int nsets = 0, nsizes = 0;
	double duration = 0, deadline = 0, interval = 0, next_print = 0;
	long count = 0, printed = 0;
	bool clear = false;
	int opt, err = 0, ret = 1, child_status = 0, nconv = 0, dashdash = argc;
	pid_t child = 0;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			dashdash = i;
			cmd = argv + i + 1;
			if (!*cmd) {
				p_err("'--' must be followed by a command");
				return 2;
			}
			break;
		}
	}
	/* options for building a .c input are collected for convert_args */
	conv_argv = calloc(dashdash + 2, sizeof(*conv_argv));
	if (!conv_argv)
		return 1;
	argv--;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(dashdash + 1, argv, ":jt:b:svD:I:h", opts, NULL)) >= 0) {
		char *end;

		switch (opt) {
		case 'j':
			ro.json = true;
			break;
		case 't':
			duration = strtod(optarg, &end);
			if (*end || duration <= 0) {
				p_err("bad --duration '%s'", optarg);
				fprintf(stderr, "  hint: a positive number of seconds, e.g. --duration 5\n");
				goto out_usage;
			}
			break;
		case 'b':
			ro.btf_path = optarg;
			break;
		case 's':
			ro.strict = true;
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
			ro.no_btf_cache = true;
			break;
		case 'K':
			if (access(optarg, R_OK)) {
				p_err("cannot read --kconfig '%s': %s", optarg, strerror(errno));
				fprintf(stderr, "  hint: a kernel config file, as /boot/config-RELEASE "
					"(plain or gzip'ed)\n");
				goto out;
			}
			ro.kconfig_path = optarg;
			break;
		case 'i':
			interval = strtod(optarg, &end);
			if (*end || interval <= 0) {
				p_err("bad --interval '%s'", optarg);
				fprintf(stderr, "  hint: a positive number of seconds, e.g. --interval 1\n");
				goto out_usage;
			}
			break;
		case 'c':
			count = strtol(optarg, &end, 10);
			if (*end || count <= 0) {
				p_err("bad --count '%s'", optarg);
				fprintf(stderr, "  hint: a positive number of intervals\n");
				goto out_usage;
			}
			break;
		case 'C':
			clear = true;
			break;
		case 'M':
			if (!strchr(optarg, '=') || optarg[0] == '=') {
				p_err("bad --map-size '%s'", optarg);
				fprintf(stderr, "  hint: --map-size NAME=ENTRIES\n");
				goto out_usage;
			}
			sizes = realloc(sizes, (nsizes + 1) * sizeof(*sizes));
			sizes[nsizes++] = optarg;
			break;
		case 'S':
			if (!strchr(optarg, '=') || optarg[0] == '=') {
				p_err("bad --set '%s'", optarg);
				fprintf(stderr, "  hint: --set NAME=VALUE, NAME a const volatile global\n");
				goto out_usage;
			}
			sets = realloc(sets, (nsets + 1) * sizeof(*sets));
			sets[nsets++] = optarg;
			break;
		case 'h':
			do_help();
			free(conv_argv);
			return 0;
		case ':':
			p_err("option '%s' needs an argument", argv[optind - 1]);
			goto out_usage;
		default:
			p_err("unknown option '%s'", argv[optind - 1]);
			fprintf(stderr, "  hint: see '%s run --help'\n", bin_name);
			goto out_usage;
		}
	}
	if (optind > dashdash || optind == dashdash + 1) {
		p_err("no object to run");
		fprintf(stderr, "  hint: %s run prog.bpf.o (from '%s build') or prog.c\n", bin_name,
			bin_name);
		goto out_usage;
	}
	if (dashdash + 1 - optind > 1) {
		p_err("unexpected argument '%s'", argv[optind + 1]);
		fprintf(stderr, "  hint: put the command to run after '--'\n");
		goto out_usage;
	}
	input = argv[optind];
	if (strlen(input) > 2 && !strcmp(input + strlen(input) - 2, ".c")) {
		/* a BCC program: build it first, into a private directory */
		const char *tmp = getenv("TMPDIR");

		conv_argv[nconv++] = input;
		err = convert_args__parse(nconv, (char **)conv_argv, &ca);
		if (err)
			goto out_usage;
		snprintf(tmpdir, sizeof(tmpdir), "%s/bcc2core-run-XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(tmpdir)) {
			p_err("cannot create a temporary directory: %s", strerror(errno));
			tmpdir[0] = '\0';
			goto out;
		}
		snprintf(obj_path, sizeof(obj_path), "%s/prog.bpf.o", tmpdir);
		if (build_object(&ca, obj_path))
			goto out;
		input = obj_path;
	} else if (nconv) {
		p_err("-D, -I and --attach apply to a .c input; '%s' is already built", input);
		goto out_usage;
	}
	if (access(input, R_OK)) {
		p_err("cannot read '%s': %s", input, strerror(errno));
		goto out;
	}

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	{
		struct sigaction sc = { .sa_handler = on_child, .sa_flags = SA_NOCLDSTOP };

		sigaction(SIGCHLD, &sc, NULL);
	}
	runtime_opts__from_env(&ro);
	rt = bcc2core_runtime__open(input, &ro);
	if (tmpdir[0]) {
		/* libbpf has read it: nothing left on disk, whatever ends the run */
		unlink(obj_path);
		rmdir(tmpdir);
		tmpdir[0] = '\0';
	}
	if (!rt) {
		int e = errno;
		char msg[128];

		bcc2core_strerror(e, msg, sizeof(msg));
		p_err("cannot open '%s': %s", input, msg);
		/* a missing BTF and a newer object format said their own hint */
		if (e != ENODATA && e != BCC2CORE_ERRNO__OBJECT_FORMAT)
			fprintf(stderr, "  hint: run takes objects made by '%s build'\n", bin_name);
		goto out;
	}
	for (int i = 0; i < nsets; i++) {
		char *eq = strchr(sets[i], '='), *end, name[256];
		long long v = strtoll(eq + 1, &end, 0);

		snprintf(name, sizeof(name), "%.*s", (int)(eq - sets[i]), sets[i]);
		if (!eq[1] || *end) {
			p_err("bad --set '%s': '%s' is not an integer", sets[i], eq + 1);
			goto out;
		}
		err = bcc2core_runtime__set_global(rt, name, v);
		if (err) {
			p_err("cannot set '%s': %s", name, err == -ENOENT
			      ? "the program has no such const volatile global" : strerror(-err));
			goto out;
		}
	}
	for (int i = 0; i < nsizes; i++) {
		char *eq = strchr(sizes[i], '='), *end, name[256];
		unsigned long v = strtoul(eq + 1, &end, 0);

		snprintf(name, sizeof(name), "%.*s", (int)(eq - sizes[i]), sizes[i]);
		if (!eq[1] || *end || !v || v > 0xffffffffUL) {
			p_err("bad --map-size '%s': '%s' is not a positive entry count", sizes[i], eq + 1);
			goto out;
		}
		err = bcc2core_runtime__set_map_size(rt, name, v);
		if (err) {
			p_err("cannot resize '%s': %s", name, err == -ENOENT
			      ? "the program has no such map" : strerror(-err));
			goto out;
		}
	}
	err = bcc2core_runtime__load(rt);
	if (err == -BCC2CORE_ERRNO__NO_SHARED_TABLE) {
		goto out;	/* the runtime named the table, with a hint */
	} else if (err) {
		p_err("the kernel did not accept the program: %s", strerror(-err));
		fprintf(stderr, "  hint: run with -d to see the verifier log\n");
		goto out;
	}
	err = bcc2core_runtime__attach(rt);
	if (err) {
		p_err("cannot attach: %s", strerror(-err));
		goto out;
	}
	if (stop_signal)
		goto drain;
	if (cmd) {
		child = spawn(cmd);
		if (child < 0) {
			p_err("cannot run '%s': %s", cmd[0], strerror(errno));
			child = 0;
			goto out;
		}
	}
	if ((count || clear) && !interval) {
		p_err("--count and --clear go with --interval");
		goto out;
	}
	if (duration > 0)
		deadline = now() + duration;
	if (interval > 0)
		next_print = now() + interval;
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
				bcc2core_runtime__poll(rt, 0);
				bcc2core_runtime__print_maps(rt);
				if (clear)
					bcc2core_runtime__clear_maps(rt);
				next_print += interval;
				if (count && ++printed >= count)
					goto drain_no_print;
				continue;
			}
			if (left * 1000 < timeout)
				timeout = (int)(left * 1000) + 1;
		}
		err = bcc2core_runtime__poll(rt, timeout);
		if (err < 0 && err != -EINTR) {
			p_err("reading events: %s", strerror(-err));
			goto out;
		}
		if (child > 0 && waitpid(child, &child_status, WNOHANG) == child) {
			child = 0;
			break;
		}
	}
drain:
	/* what the programs wrote before the end */
	bcc2core_runtime__poll(rt, 0);
	bcc2core_runtime__print_maps(rt);	/* the last, partial interval too */
drain_no_print:
	if (!ro.no_btf_cache)
		bcc2core_runtime__cache_btf(rt);	/* faster starts from now on */
	ret = 0;
	if (!cmd || child)
		;
	else if (WIFEXITED(child_status))
		ret = WEXITSTATUS(child_status);	/* like strace: the command's status */
	else if (WIFSIGNALED(child_status))
		ret = 128 + WTERMSIG(child_status);
out:
	if (child > 0) {
		kill(-child, SIGTERM);
		waitpid(child, NULL, 0);
	}
	bcc2core_runtime__destroy(rt);
	if (tmpdir[0]) {
		unlink(obj_path);
		rmdir(tmpdir);
	}
	convert_args__free(&ca);
	free(conv_argv);
	free(sets);
	free(sizes);
	return ret;
out_usage:
	ret = 2;
	goto out;
}
