// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bcc2core diff: the same BCC program under real BCC and as bcc2core's
 * object, both attached at once, the same workload, then what each saw
 * compared (diff_compare.c). BCC's side is data/bcc2core_diff_bcc.py under
 * Debian's python3-bpfcc, given kernel headers in a private mount namespace
 * when the running kernel has none; bcc2core's side is `run --ready-fd`. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diff.h"
#include "main.h"
#include "object_btf_check.h"

#define BCC_PYTHON DIFF_BCC_PYTHON
#define CLEAR_SECS 30		/* a side's answer to SIGUSR1: its maps emptied */

static void on_signal(int sig)
{
	diff_stop_signal = sig;
}

static void do_help(void)
{
	fprintf(stderr,
		"Usage: %1$s diff [--guest [KVER]] [--json] [--duration SECS] [--truth FILE]\n"
		"                 [--bcc-headers DIR] [--object OBJ] [-D NAME[=VAL]]...\n"
		"                 [--attach SPEC]... PROG.bcc.c [-- CMD [ARG]...]\n"
		"       %1$s diff [--guest [KVER]] [--json] [--duration SECS] [--tolerance PCT]\n"
		"                 [--ready-timeout SECS] [--bcc-headers DIR] --tool TOOL [ARG]...\n"
		"                 [-- CMD [ARG]...]\n"
		"\n"
		"Loads PROG twice, under BCC (%2$s with python3-bpfcc, BPF(text=...) with the\n"
		"same cflags and attach calls; BCC 0.26's bpf_attach_uprobe() binding given the\n"
		"ref_ctr_offset argument it omits, 0, in both modes: with the stack's value\n"
		"there the kernel refused bcc2core's uprobe on the same function) and as\n"
		"bcc2core's object, both attached at the same time; runs CMD (or waits SECS,\n"
		"or for SIGINT), then compares every map by\n"
		"key and field, the event streams as multisets of decoded records (a perf\n"
		"buffer's then in order on each CPU too), histograms bucket by bucket. Timestamps (ts, time, *_ns), stack ids and kernel pointers\n"
		"are compared by kind, not value. A program that prints (bpf_trace_printk) has\n"
		"its printk lines compared per side, as multisets of their texts, verbatim:\n"
		"diff copies them from a tracefs instance of its own, each with the kernel\n"
		"stack it was printed from, whose return address into a program's JIT image\n"
		"says which side printed it (the report says how they were compared). Exits 0\n"
		"when both agree, 1 when they differ, 2 when they could not be compared (a side\n"
		"failed to compile or attach).\n"
		"  --json          JSON Lines: difference records, then a summary (CMD's\n"
		"                  stdout goes to stderr)\n"
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
		"                  running kernel's: BCC then reads kernel structs at their offsets,\n"
		"                  and names the kernel fields the program reads)\n"
		"  -D, --attach    as for '%1$s build'; --attach becomes BCC's attach_*() call\n"
		"  --object OBJ    load OBJ (a '%1$s build' of PROG with the same -D and\n"
		"                  --attach) instead of building it; what --guest uses\n"
		"  --guest [KVER]  the same diff inside the QEMU guest lane (a source tree's\n"
		"                  compat-tests/guest/run-in-guest.sh, or BCC2CORE_GUEST_RUNNER):\n"
		"                  Debian's kernel KVER (6.1 (default), 6.1-rt, 6.12, a release),\n"
		"                  where BCC compiles PROG against that kernel's headers and\n"
		"                  kprobes attach; PROG's object is built here first. Needs CMD\n"
		"                  or --duration; CMD runs in the guest (no network, no stdin,\n"
		"                  this machine's files read-only, its own empty /tmp). The\n"
		"                  report is the guest's (its kernel, its headers); a lane that\n"
		"                  cannot boot, or a guest still running after 1200 s\n"
		"                  (BCC2CORE_GUEST_TIMEOUT), makes the result 2\n"
		"\n"
		"--tool TOOL [ARG]...: a BCC Python tool (e.g. /usr/sbin/opensnoop-bpfcc; diff's\n"
		"options go before --tool) run twice at the same time, under BCC (%2$s TOOL\n"
		"ARG..., the unmodified tool run by bcc2core_diff_bcc_tool.py) and under\n"
		"bcc2core's drop-in bcc package (its object put in the cache by\n"
		"'%1$s port TOOL ARG...' first). Each side is ready at its first line of\n"
		"output (the header a tool prints once attached) or once it opened its\n"
		"trace_pipe; 1 s after both are, CMD runs\n"
		"(or SECS pass), 1 s later both get SIGINT, as a user stops them. Their stdout\n"
		"is compared line by line as multisets (order aside: two buffers interleave\n"
		"events differently): columns split at whitespace; masked: clock times\n"
		"(HH:MM:SS, [HH:MM:SS], dates), pointers (0x and 8+ hex digits; 12+ hex digits\n"
		"with a letter), numbers under a header naming a time or duration (TIME, LAT,\n"
		"AGE, DELTA, MS, US, (s), (ms), (us), ...); left out: blank lines and lines\n"
		"naming either tool process (a column with its pid, or python3 unless CMD is\n"
		"Python); histogram buckets ('LO -> HI : COUNT |**|', bars dropped) are keyed\n"
		"by the two lines above their histogram. Both tools see the whole machine:\n"
		"filter with the tool's own options (-p PID, -L PORT, ...) for an exact\n"
		"comparison. A tool that reads trace_pipe (trace_print, trace_fields) reads\n"
		"one of diff's own: a FIFO in its mount namespace, fed with its own program's\n"
		"printk lines (each told apart by the program in its kernel stack, as in the\n"
		"program mode); a line of neither side's programs goes to both. trace_pipe's\n"
		"time and flags columns are masked.\n"
		"  --tolerance PCT counts (histogram buckets, columns headed COUNT, CALLS,\n"
		"                  TOTAL, NUM, #) may differ by PCT%% of the larger: such\n"
		"                  pairs are reported as tolerated, not as differences\n"
		"  --ready-timeout SECS  for both first lines (default 120; 600 with --guest);\n"
		"                   for a program: for BCC's compile and attach (default 300)\n"
		"A side that cannot start, compile or attach, prints nothing in time, or does\n"
		"not end well on SIGINT makes the result 2, its reason and stderr's last\n"
		"lines reported.\n",
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
	const char *tool;		/* --tool TOOL */
	char **tool_args;		/* what follows TOOL up to "--", NULL-terminated */
	double tolerance;
	double ready_timeout;
	bool ready_timeout_set;		/* program mode: BCC's compile + attach (300 s) */
	bool program_only;		/* -D, --attach or --truth given */
	const char *object;		/* --object OBJ: built already, not by diff */
	bool guest;			/* --guest [KVER] */
	const char *kver;
};

/* a positive number of seconds (or percent) in @optarg, else said why */
static int positive(const char *opt, const char *arg, double *out, bool zero_ok)
{
	char *end;

	*out = strtod(arg, &end);
	if (*end || *out < 0 || (!zero_ok && *out == 0)) {
		p_err("bad %s '%s'", opt, arg);
		fprintf(stderr, "  hint: a %s number, e.g. %s 5\n", zero_ok ? "non-negative" :
			"positive", opt);
		return -EINVAL;
	}
	return 0;
}

/* where "--tool TOOL" (or "--tool=TOOL") is among the first @n arguments:
 * diff's options end with it, TOOL's arguments follow; -1 without one */
static int find_tool(int n, char **argv, struct diff_args *a)
{
	for (int i = 0; i < n; i++) {
		if (!strcmp(argv[i], "--tool") && i + 1 < n) {
			a->tool = argv[i + 1];
			return i + 2;
		}
		if (!strncmp(argv[i], "--tool=", 7)) {
			a->tool = argv[i] + 7;
			return i + 1;
		}
	}
	return -1;
}

/* --tool's usage errors, before anything runs */
static int check_tool_args(struct diff_args *a, int optind_, int end, char **argv)
{
	if (optind_ < end) {
		p_err("unexpected argument '%s' before --tool", argv[optind_]);
		fprintf(stderr, "  hint: %s diff [OPTIONS] --tool TOOL [ARG]... [-- CMD]\n", bin_name);
		return -EINVAL;
	}
	if (a->program_only) {
		p_err("-D, --attach and --truth are for a BCC program, not --tool");
		return -EINVAL;
	}
	if (access(a->tool, R_OK)) {
		p_err("cannot read '%s': %s", a->tool, strerror(errno));
		fprintf(stderr, "  hint: a BCC Python tool, e.g. --tool /usr/sbin/opensnoop-bpfcc\n");
		return -EINVAL;
	}
	return 0;
}

/* takes "--guest [KVER]" (or "--guest=KVER") out of diff's own options,
 * before "--tool" and "--": what is left is what the guest's diff gets.
 * KVER is the next argument when it looks like a kernel (6.1, 6.12,
 * 6.1-rt, a release), not PROG. */
static int take_guest(int argc, char **argv, struct diff_args *a)
{
	int n = 0, i = 0;

	for (; i < argc; i++) {
		const char *s = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(s, "--") || !strcmp(s, "--tool") || !strncmp(s, "--tool=", 7))
			break;
		if (!strncmp(s, "--guest=", 8)) {
			a->guest = true;
			a->kver = s + 8;
			continue;
		}
		if (strcmp(s, "--guest")) {
			argv[n++] = argv[i];
			continue;
		}
		a->guest = true;
		if (next && next[0] >= '0' && next[0] <= '9' && !strstr(next, ".c"))
			a->kver = argv[++i];
	}
	while (i < argc)
		argv[n++] = argv[i++];
	argv[n] = NULL;
	return n;
}

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
		{ "tolerance", required_argument, NULL, 'o' },
		{ "ready-timeout", required_argument, NULL, 'r' },
		{ "object", required_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char **conv_argv;
	int opt, err = 0, nconv = 1, dashdash, tool_end;

	a->ready_timeout = 120;
	dashdash = split_command(argc, argv, &a->cmd);
	if (dashdash < 0)
		return dashdash;
	/* TOOL's own options are not diff's: getopt stops at TOOL */
	tool_end = find_tool(dashdash, argv, a);
	if (tool_end >= 0) {
		a->tool_args = calloc(dashdash - tool_end + 1, sizeof(*a->tool_args));
		if (!a->tool_args)
			return -ENOMEM;
		memcpy(a->tool_args, argv + tool_end, (dashdash - tool_end) * sizeof(*argv));
		dashdash = tool_end;
	}
	conv_argv = calloc(2 * dashdash + 2, sizeof(*conv_argv));
	if (!conv_argv)
		return -ENOMEM;
	conv_argv[0] = "diff";
	argv--;
	optind = 0;
	opterr = 0;
	while (!err && (opt = getopt_long(dashdash + 1, argv, ":jt:D:h", opts, NULL)) >= 0) {
		switch (opt) {
		case 'j':
			a->json = true;
			break;
		case 't':
			err = positive("--duration", optarg, &a->duration, false);
			break;
		case 'o':
			err = positive("--tolerance", optarg, &a->tolerance, true);
			break;
		case 'r':
			err = positive("--ready-timeout", optarg, &a->ready_timeout, false);
			a->ready_timeout_set = true;
			break;
		case 'T':
			a->truth_path = optarg;
			a->program_only = true;
			break;
		case 'H':
			a->headers = optarg;
			break;
		case 'D':
		case 'a':
			a->program_only = true;
			conv_argv[nconv++] = opt == 'a' ? "--attach" : "-D";
			conv_argv[nconv++] = optarg;
			break;
		case 'P':
			break;	/* found above */
		case 'O':
			a->object = optarg;
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
	if (a->cmd && a->duration) {
		p_err("--duration or a command, not both");
		goto out;
	}
	if (a->guest && !a->cmd && !a->duration) {
		p_err("--guest needs a command or --duration: nothing can stop it in the guest");
		fprintf(stderr, "  hint: %s diff --guest PROG.bcc.c -- CMD\n", bin_name);
		goto out;
	}
	if (a->object && (a->tool || a->guest)) {
		p_err("--object is for a BCC program compared here");
		goto out;
	}
	if (a->tool) {
		err = check_tool_args(a, optind, dashdash + 1, argv);
		goto out;
	}
	if (a->tolerance) {
		p_err("--tolerance is for --tool: a program's maps compare exactly");
		goto out;
	}
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
	err = 0;
out:
	free(conv_argv);
	return err;
}

/* BCC's side failed: its error record (stage and message), else stderr */
static void bcc_failure(const struct diff_side *s, const struct diff_opts *o)
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
		diff_last_error(s->err, msg, sizeof(msg));
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

static unsigned long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "r"), *out = in ? fopen(to, "w") : NULL;
	char buf[65536];
	size_t n;

	while (in && out && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, out);
	if (in)
		fclose(in);
	return out && !fclose(out) ? 0 : -1;
}

/* BCC2CORE_DIFF_KEEP=DIR: the sides' records and what the comparison needs
 * of this run, for BCC2CORE_DIFF_RECOMPARE=DIR */
static void keep_records(const struct diff_side *bcc, const struct diff_side *b2c, long skip,
			 const struct diff_opts *o)
{
	const char *kd = getenv("BCC2CORE_DIFF_KEEP");
	char p[PATH_MAX + 16];
	FILE *fp;

	if (!kd || !*kd)
		return;
	mkdir(kd, 0755);
	snprintf(p, sizeof(p), "%s/bcc.out", kd);
	copy_file(bcc->out, p);
	snprintf(p, sizeof(p), "%s/bcc2core.out", kd);
	copy_file(b2c->out, p);
	snprintf(p, sizeof(p), "%s/printk", kd);
	if (o->printk)
		copy_file(o->printk, p);
	else
		unlink(p);
	snprintf(p, sizeof(p), "%s/meta", kd);
	fp = fopen(p, "w");
	if (fp) {
		fprintf(fp, "%ld %d %d %d %s %s %d %d %llu %llu %s\n", skip, o->own_pids[0],
			o->own_pids[1], o->own_pids[2], o->kernel, o->bcc_headers,
			o->headers_match, o->kernel_reads, o->mono_lo, o->mono_hi,
			o->object && *o->object ? o->object : "-");
		fclose(fp);
	}
}

int do_diff(int argc, char **argv)
{
	struct diff_args a;
	struct diff_opts o = { .sz = sizeof(o) };
	struct diff_truth *truth = NULL;
	size_t truth_cnt = 0;
	struct diff_side bcc = { .name = "bcc", .ready_pipe = true, .ready = -1 },
		b2c = { .name = "bcc2core", .ready_pipe = true, .ready = -1 };
	struct diff_headers hdrs;
	struct sigaction sa = { .sa_handler = on_signal };
	struct utsname un;
	char dir[PATH_MAX], obj[PATH_MAX + 16], driver[PATH_MAX];
	const char *tmp = getenv("TMPDIR");
	char **bargv = NULL, **args, **order, **cflag_args = NULL;
	size_t nb = 0;
	struct stat st;
	struct diff_side *unanswered = NULL;
	struct diff_printk *pk = NULL;
	struct diff_printk_stats pks;
	char pk_why[512] = "", pk_path[PATH_MAX + 16];
	long skip = 0;
	int err, ret = 2, nargs;

	/* args[-1] for getopt, which also reorders them: @order keeps theirs */
	memset(&a, 0, sizeof(a));
	args = calloc(2 * (argc + 2), sizeof(*args));
	if (!args)
		return 2;
	args[0] = "diff";
	memcpy(args + 1, argv, argc * sizeof(*argv));
	nargs = take_guest(argc, args + 1, &a);
	order = args + argc + 2;
	memcpy(order, args + 1, (nargs + 1) * sizeof(*args));
	err = parse_diff_args(nargs, args + 1, &a);
	if (!err && !a.want_help && a.guest) {
		struct diff_guest_opts go = {
			.sz = sizeof(go), .json = a.json, .kver = a.kver, .argv = order,
			.argc = nargs, .prog_idx = -1, .ca = &a.ca,
		};

		for (int i = 0; !a.tool && i < nargs; i++)
			if (order[i] == a.ca.input)
				go.prog_idx = i;
		ret = diff_guest__run(&go);
		free(a.tool_args);
		convert_args__free(&a.ca);
		free(args);
		return ret;
	}
	if (err || a.want_help || a.tool) {
		struct diff_tool_opts to = {
			.sz = sizeof(to), .json = a.json, .tool = a.tool, .tool_args = a.tool_args,
			.cmd = a.cmd, .duration = a.duration, .tolerance = a.tolerance,
			.ready_timeout = a.ready_timeout, .headers = a.headers,
		};

		if (!err && a.want_help)
			do_help();
		else if (!err)
			ret = diff_tool__run(&to);
		free(a.tool_args);
		convert_args__free(&a.ca);
		free(args);
		return err ? 2 : a.want_help ? 0 : ret;
	}
	uname(&un);
	o.json = a.json;
	o.kernel = un.release;
	diff_headers__pick(&hdrs, a.headers, un.release);
	o.bcc_headers = hdrs.release;
	o.headers_match = hdrs.match;
	/* BCC2CORE_DIFF_RECOMPARE=DIR: compare the sides' records a run kept
	 * with BCC2CORE_DIFF_KEEP=DIR again, without running anything (for
	 * work on the comparison; the records of a slow guest run) */
	if (getenv("BCC2CORE_DIFF_RECOMPARE")) {
		const char *kd = getenv("BCC2CORE_DIFF_RECOMPARE");
		char bo[PATH_MAX + 16], co[PATH_MAX + 16], mp[PATH_MAX + 16], kern[256] = "";
		char bh[256] = "", op[PATH_MAX] = "-";
		int hm = 1, kr = 0;
		FILE *fp;

		snprintf(mp, sizeof(mp), "%s/meta", kd);
		snprintf(bo, sizeof(bo), "%s/bcc.out", kd);
		snprintf(co, sizeof(co), "%s/bcc2core.out", kd);
		fp = fopen(mp, "r");
		if (!fp || fscanf(fp, "%ld %d %d %d %255s %255s %d %d %llu %llu", &skip,
				  &o.own_pids[0], &o.own_pids[1], &o.own_pids[2], kern, bh, &hm,
				  &kr, &o.mono_lo, &o.mono_hi) != 10) {
			p_err("%s: no kept diff records", mp);
			if (fp)
				fclose(fp);
			goto out_args;
		}
		if (fscanf(fp, " %4095s", op) == 1 && strcmp(op, "-"))
			o.object = op;
		fclose(fp);
		o.json = a.json;
		o.kernel = kern;
		o.bcc_headers = bh;
		o.headers_match = hm;
		o.kernel_reads = kr;
		snprintf(mp, sizeof(mp), "%s/printk", kd);
		if (!access(mp, R_OK)) {
			o.printk_used = true;
			o.printk = mp;
		}
		ret = diff__compare(bo, co, skip, &o);
		goto out_args;
	}
	snprintf(driver, sizeof(driver), "%s/bcc2core_diff_bcc.py", data_dir());
	snprintf(dir, sizeof(dir), "%s/bcc2core-diff-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		p_err("cannot create a temporary directory: %s", strerror(errno));
		goto out_args;
	}
	snprintf(obj, sizeof(obj), "%s", a.object ? a.object : "");
	if (!a.object)
		snprintf(obj, sizeof(obj), "%s/prog.bpf.o", dir);
	snprintf(bcc.out, sizeof(bcc.out), "%s/bcc.out", dir);
	snprintf(bcc.err, sizeof(bcc.err), "%s/bcc.err", dir);
	snprintf(b2c.out, sizeof(b2c.out), "%s/bcc2core.out", dir);
	snprintf(b2c.err, sizeof(b2c.err), "%s/bcc2core.err", dir);
	if (a.object && access(obj, R_OK)) {
		diff__report_failure("bcc2core", "load", "--object: cannot read the object", &o);
		goto out;
	}
	/* diff reads the object itself too (its printk formats, its fields),
	 * through libbpf 1.1, which would crash or loop on such BTF */
	if (a.object && object_btf__check(obj)) {
		diff__report_failure("bcc2core", "load", "--object: malformed BTF (above)", &o);
		goto out;
	}
	if (!a.object && build_object(&a.ca, obj)) {
		diff__report_failure("bcc2core", "compile", "the build above failed", &o);
		goto out;
	}
	/* said only when BCC's headers are not the kernel's (a conversion:
	 * seconds in a TCG guest, where they match) */
	if (!o.headers_match)
		o.kernel_reads = reads_kernel_structs(&a.ca);
	/* printk lines: diff's own copy, each line's program told (diff_printk.c) */
	snprintf(pk_path, sizeof(pk_path), "%s/printk", dir);
	o.printk_used = diff_printk__object_prints(obj);
	if (o.printk_used && !(pk = diff_printk__open(pk_why, sizeof(pk_why))))
		o.printk_why = pk_why;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* BCC first: it compiles for seconds, bcc2core attaches in milliseconds */
	bargv = calloc(2 * (a.ca.cflag_cnt + a.ca.attach_cnt) + 6, sizeof(*bargv));
	if (!bargv)
		goto out;
	bargv[nb++] = BCC_PYTHON;
	bargv[nb++] = driver;
	bargv[nb++] = "--ready-fd=3";
	/* --cflag=VALUE: a value starting with '-' (-DMAX_PID=32768) is not
	 * an argument of a separate --cflag to argparse */
	cflag_args = calloc(a.ca.cflag_cnt + 1, sizeof(*cflag_args));
	for (size_t i = 0; cflag_args && i < a.ca.cflag_cnt; i++) {
		if (asprintf(&cflag_args[i], "--cflag=%s", a.ca.cflags[i]) < 0)
			cflag_args[i] = NULL;
		if (cflag_args[i])
			bargv[nb++] = cflag_args[i];
	}
	for (size_t i = 0; i < a.ca.attach_cnt; i++) {
		bargv[nb++] = "--attach";
		bargv[nb++] = (char *)a.ca.attach[i];
	}
	bargv[nb++] = (char *)a.ca.input;
	if (access(BCC_PYTHON, X_OK) || access(driver, R_OK)) {
		diff__report_failure("bcc", "start", access(driver, R_OK) ?
				     "bcc2core_diff_bcc.py is not in the data directory" :
				     BCC_PYTHON " is missing", &o);
		goto out;
	}
	o.mono_lo = mono_ns();
	err = diff_side__start(&bcc, bargv, &hdrs, NULL);
	/* BCC compiles for minutes in a loaded TCG guest */
	if (err || diff_side__wait(&bcc, 'R', a.ready_timeout_set ? a.ready_timeout : 300)) {
		/* the wait timed out (not: BCC's side ended, said why) */
		bool late = !err && mono_ns() - o.mono_lo >=
			(unsigned long long)((a.ready_timeout_set ? a.ready_timeout : 300) * 1e9);

		if (diff_stop_signal)
			goto stop;
		if (bcc.pid > 0)
			kill(bcc.pid, SIGTERM);
		diff_side__reap(&bcc);
		if (late) {
			char msg[128];

			snprintf(msg, sizeof(msg), "not compiled and attached within %g s "
				 "(--ready-timeout)", a.ready_timeout_set ? a.ready_timeout : 300);
			diff__report_failure("bcc", "start", msg, &o);
		} else {
			bcc_failure(&bcc, &o);
		}
		goto out;
	}
	{
		char *rargv[] = { diff_self_exe(), "run", "--json", "--ready-fd=3", obj, NULL };

		err = diff_side__start(&b2c, rargv, NULL, NULL);
	}
	if (err || diff_side__wait(&b2c, 'R', 120)) {
		char msg[1024];

		if (diff_stop_signal)
			goto stop;
		if (b2c.pid > 0)
			kill(b2c.pid, SIGTERM);
		kill(bcc.pid, SIGTERM);
		diff_side__reap(&b2c);
		diff_side__reap(&bcc);
		diff_last_error(b2c.err, msg, sizeof(msg));
		diff__report_failure("bcc2core", "attach", msg, &o);
		goto out;
	}
	if (pk) {
		diff_printk__programs(pk, 0, bcc.pid);
		diff_printk__programs(pk, 1, b2c.pid);
	}
	/* both attached: both empty their maps, one right after the other
	 * (BCC's side, the slower to answer, first), and from then on count
	 * the same events */
	diff_side__signal(bcc.pid, SIGUSR1);
	if (diff_side__wait(&bcc, 'C', CLEAR_SECS)) {
		unanswered = &bcc;
	} else if (diff_side__signal(b2c.pid, SIGUSR1) || diff_side__wait(&b2c, 'C', CLEAR_SECS)) {
		unanswered = &b2c;
	}
	if (unanswered) {
		if (!diff_stop_signal)
			p_err("%s's side did not answer the start signal (SIGUSR1: empty the maps) "
			      "within %d s", unanswered == &bcc ? "BCC" : "bcc2core", CLEAR_SECS);
		goto stop;
	}
	skip = stat(b2c.out, &st) ? 0 : st.st_size;
	if (pk)
		diff_printk__enable(pk, true);	/* from the clears, as the maps count */
	err = diff_run_workload(a.cmd, a.duration, a.json);
	if (err)
		p_err("cannot run '%s': %s", a.cmd[0], strerror(-err));
stop:
	/* the same at the end: BCC's side detaches, then bcc2core's (printk
	 * lines: up to the first stop) */
	if (pk)
		diff_printk__enable(pk, false);
	if (bcc.pid > 0 && !diff_side__signal(bcc.pid, SIGTERM))
		diff_side__wait(&bcc, 'S', 30);
	if (b2c.pid > 0)
		diff_side__signal(b2c.pid, SIGTERM);
	{
		int sb = diff_side__reap(&bcc), s2 = diff_side__reap(&b2c);

		if (diff_stop_signal && !a.cmd && !a.duration)
			diff_stop_signal = 0;	/* SIGINT was how this diff was to end */
		if (diff_stop_signal) {
			p_err("stopped by signal %d before the comparison", (int)diff_stop_signal);
		} else if (unanswered) {
			char msg[160];

			snprintf(msg, sizeof(msg), "did not answer the start signal (SIGUSR1: "
				 "empty the maps) within %d s", CLEAR_SECS);
			diff__report_failure(unanswered == &bcc ? "bcc" : "bcc2core", "clear", msg, &o);
		} else if (!WIFEXITED(sb) || WEXITSTATUS(sb)) {
			bcc_failure(&bcc, &o);
		} else if (!WIFEXITED(s2) || (WEXITSTATUS(s2) && WEXITSTATUS(s2) != 128 + SIGTERM)) {
			char msg[1024];

			diff_last_error(b2c.err, msg, sizeof(msg));
			diff__report_failure("bcc2core", "run", msg, &o);
		} else if (!err) {
			/* read now: the workload may be what wrote it */
			if (a.truth_path && diff_truth__load(a.truth_path, &truth, &truth_cnt))
				goto out;
			o.truth = truth;
			o.truth_cnt = truth_cnt;
			o.mono_hi = mono_ns();
			o.object = obj;
			o.own_pids[0] = getpid();
			o.own_pids[1] = bcc.started_pid;
			o.own_pids[2] = b2c.started_pid;
			if (pk) {
				int e = diff_printk__collect(pk, pk_path, &pks);

				if (e)
					snprintf(pk_why, sizeof(pk_why), "reading %.400s: %s", pk_path,
						 strerror(-e));
				o.printk = e ? NULL : pk_path;
				o.printk_why = e ? pk_why : NULL;
			}
			ret = diff__compare(bcc.out, b2c.out, skip, &o);
			keep_records(&bcc, &b2c, skip, &o);
		}
	}
out:
	diff_printk__close(pk);
	unlink(pk_path);
	for (size_t i = 0; cflag_args && i < a.ca.cflag_cnt; i++)
		free(cflag_args[i]);
	free(cflag_args);
	free(bargv);
	if (!a.object)
		unlink(obj);
	unlink(bcc.out);
	unlink(bcc.err);
	unlink(b2c.out);
	unlink(b2c.err);
	rmdir(dir);
out_args:
	diff_truth__free(truth, truth_cnt);
	convert_args__free(&a.ca);
	free(args);
	return ret;
}
