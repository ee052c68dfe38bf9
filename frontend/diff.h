/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* What `diff`'s command (diff.c) hands its comparison (diff_compare.c). */
#ifndef BCC2CORE_FRONTEND_DIFF_H
#define BCC2CORE_FRONTEND_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct json;

/* one --truth line: MAP KEY FIELD VALUE (FIELD "-" for a whole value) */
struct diff_truth {
	char *map, *field;
	struct json *key, *value;
};

struct diff_opts {
	size_t sz;
	bool json;
	const char *kernel;		/* uname -r */
	const char *bcc_headers;	/* the release BCC compiled against */
	bool headers_match;
	bool kernel_reads;		/* the converted C reads kernel structs (CO-RE) */
	const struct diff_truth *truth;
	size_t truth_cnt;
	/* diff's own processes (itself, BCC's side, bcc2core's side): records
	 * of theirs are left out (0: none) */
	int own_pids[3];
	/* CLOCK_MONOTONIC (bpf_ktime_get_ns) before BCC's side started and
	 * after both ended, ns: a value between is a time (0: unknown) */
	unsigned long long mono_lo, mono_hi;
	/* the object bcc2core's side ran: BCC's raw-byte records are typed
	 * with its event types */
	const char *object;
	/* the program prints (bpf_trace_printk): diff_printk.c's lines of both
	 * sides in @printk (NULL: not read, @printk_why says why) */
	bool printk_used;
	const char *printk, *printk_why;
};

/* diff_printk.c: both sides' printk lines from a tracefs instance of
 * diff's own, each told apart by the program it came from */
struct diff_printk;
struct diff_printk_stats {
	bool used;
	size_t lines[2];		/* BCC's, bcc2core's */
	size_t unattributed;		/* no stack, or no program of either side in it */
	size_t other;			/* printed by a program of neither side: left out */
	unsigned long long lost;	/* the buffers' overruns and drops */
};
/* whether the object calls bpf_trace_printk or bpf_trace_vprintk */
bool diff_printk__object_prints(const char *obj_path);
/* the instance, its event still off; NULL with @why said */
struct diff_printk *diff_printk__open(char *why, size_t size);
/* remembers the programs process @pid holds as side @side's (0 BCC, 1 bcc2core) */
int diff_printk__programs(struct diff_printk *p, int side, pid_t pid);
int diff_printk__enable(struct diff_printk *p, bool on);
/* the side (0, 1) whose program's JIT image holds @addr, or -1 */
int diff_printk__side_of(const struct diff_printk *p, unsigned long long addr);
/* forgets the programs read so far (to read them again) */
void diff_printk__forget(struct diff_printk *p);
/* the instance's directory */
const char *diff_printk__dir(const struct diff_printk *p);

/* diff_printk_feed.c: --tool's trace_pipe for each side, fed with its own
 * program's lines as they come */
struct diff_printk_feed;
struct diff_printk_feed_stats {
	size_t lines[2];		/* written to BCC's tool, to bcc2core's */
	size_t both;			/* of no program of either side: to both */
	size_t lost[2];			/* a tool left its pipe full */
	size_t outside;			/* printed before both sides were ready or
					 * after the workload: not fed */
};
/* the instance, the event on, the FIFOs in @dir; NULL with @why said */
struct diff_printk_feed *diff_printk_feed__open(const char *dir, char *why, size_t size);
/* side @side's FIFO, to be its tool's trace_pipe (NULL @f: none) */
const char *diff_printk_feed__fifo(const struct diff_printk_feed *f, int side);
void diff_printk_feed__set_pid(struct diff_printk_feed *f, int side, pid_t pid);
/* lines are fed from when both sides are ready (@open) to when the
 * workload and its drain are over; the rest are counted, not fed */
void diff_printk_feed__gate(struct diff_printk_feed *f, bool open);
/* the lines read so far fed, the instance removed; @st (or NULL) filled */
void diff_printk_feed__close(struct diff_printk_feed *f, struct diff_printk_feed_stats *st);
/* the event off; every line as a JSON record {"type":"printk","side":
 * "bcc"|"bcc2core"|null,"text":..} into @out_path, then the stats */
int diff_printk__collect(struct diff_printk *p, const char *out_path,
			 struct diff_printk_stats *st);
/* the event off, the instance removed */
void diff_printk__close(struct diff_printk *p);

/* diff_printk_parse.c: one CPU's printk lines and the stacks traced with
 * them, line by line */
struct printk_line {
	char *text;		/* the message */
	char *line;		/* the whole trace_pipe line it came in */
	int side;		/* 0 bcc, 1 bcc2core, -1 not known */
	bool printk_frame;	/* a bpf_trace_printk frame seen: a program printed it */
	bool frame_after;	/* and a frame above that one */
	unsigned long long caller;	/* that frame's address: the printing program */
};
struct printk_parser {
	int (*side_of)(void *ctx, unsigned long long addr);	/* -1: neither side's */
	/* a line and what its stack said (@stacked false: none was traced);
	 * @l's strings are freed after it */
	void (*emit)(void *ctx, struct printk_line *l, bool stacked);
	void *ctx;
	/* parser's state */
	struct printk_line *pend, cur;
	size_t npend;
	bool in_stack;
};
/* one line of text (its newline kept or not) */
void printk_parser__line(struct printk_parser *ps, const char *line);
/* the text read so far ends with a whole entry: a stack being read is done */
void printk_parser__stack_done(struct printk_parser *ps);
/* the text ended: every line still waiting out, without a stack */
void printk_parser__end(struct printk_parser *ps);

/* reads --truth FILE: text lines or JSON Lines; 0 or -errno (said why) */
int diff_truth__load(const char *path, struct diff_truth **out, size_t *cnt);
void diff_truth__free(struct diff_truth *t, size_t cnt);

/* compares BCC's output file with bcc2core's (read from @b2c_skip on) and
 * prints the report; 0 equal, 1 different, 2 could not compare */
int diff__compare(const char *bcc_out, const char *b2c_out, long b2c_skip,
		  const struct diff_opts *o);
/* prints that @side ("bcc" or "bcc2core") did not run, and the summary */
void diff__report_failure(const char *side, const char *stage, const char *msg,
			  const struct diff_opts *o);

/* core_fields.c: the kernel struct fields object @obj_path reads through
 * CO-RE ("task_struct.real_parent", sorted, unique; malloc'ed); 0 or -errno */
int core_fields__read(const char *obj_path, char ***names, size_t *cnt);
void core_fields__free(char **names, size_t cnt);

/* diff_side.c: the two sides' processes, the headers BCC gets */
#include <limits.h>
#include <signal.h>
#include <sys/types.h>

#define DIFF_BCC_PYTHON "/usr/bin/python3"

/* the signal (SIGINT, SIGTERM) that asked diff to stop, or 0 */
extern volatile sig_atomic_t diff_stop_signal;

/* the kernel headers BCC compiles against, and how it is given them */
struct diff_headers {
	char kernel[256];		/* uname -r */
	char dir[PATH_MAX];		/* .../build */
	char release[256];		/* their release, "none" when there are none */
	bool match;			/* the running kernel's */
	char build[PATH_MAX], source[PATH_MAX];
	char *ns_build, *ns_source;	/* non-NULL: given in a mount namespace */
};
/* @opt --bcc-headers DIR or NULL: the running kernel's, else the newest */
int diff_headers__pick(struct diff_headers *h, const char *opt, const char *kernel);

/* a side: its process, its readiness pipe (program mode), its files */
struct diff_side {
	const char *name;
	pid_t pid;
	pid_t started_pid;	/* pid stays 0 once reaped, this does not */
	bool ready_pipe;
	int ready;
	char out[PATH_MAX + 16], err[PATH_MAX + 16];
	const char *trace_pipe;	/* a FIFO bound over trace_pipe in its namespace, or NULL */
};
int diff_side__start(struct diff_side *s, char **argv, const struct diff_headers *h,
		     char **env);
/* the side's next readiness byte: 0, or -1 when it ended or @secs passed */
int diff_side__wait(struct diff_side *s, char want, double secs);
int diff_side__signal(pid_t pid, int sig);
/* waits for a side told to stop (SIGKILL after 30 s); its wait status */
int diff_side__reap(struct diff_side *s);
/* the last line of a file that says something (the side's error), or a hint */
void diff_last_error(const char *path, char *msg, size_t size);
/* runs @cmd to its end (its stdout on stderr with @out_to_err: diff's
 * stdout is JSON Lines), or waits @duration seconds (0: for a signal) */
int diff_run_workload(char **cmd, double duration, bool out_to_err);
char *diff_self_exe(void);

/* diff --tool (diff_tool.c runs it, diff_lines.c compares and reports) */
#define DIFF_STDERR_TAIL 8

struct diff_tool_opts {
	size_t sz;
	bool json;
	const char *tool;
	char **tool_args;		/* NULL-terminated */
	char **cmd;			/* NULL: --duration, or until SIGINT */
	double duration;
	double tolerance;		/* percent; 0: counts compare exactly */
	double ready_timeout;		/* seconds for each side's first line */
	const char *headers;		/* --bcc-headers */
	/* set by diff_tool__run for the comparison */
	const char *kernel, *bcc_headers;
	bool headers_match;
	pid_t tool_pids[2];		/* BCC's, bcc2core's */
	bool cmd_is_python;
	/* each tool's trace_pipe, fed its own program's printk lines
	 * (diff_printk_feed.c): what was fed, or why there was no feed */
	struct diff_printk_feed_stats printk;
	const char *printk_why;
};
/* 0 equal, 1 different, 2 could not compare */
int diff_tool__run(struct diff_tool_opts *o);
int diff_lines__compare(const char *bcc_out, const char *b2c_out, const struct diff_tool_opts *o);
/* an error record: @side failed at @stage; @stderr_path's last lines with it */
void diff_tool__report_error(const char *side, const char *stage, const char *msg,
			     const char *stderr_path, const struct diff_tool_opts *o);
/* the summary of a diff that could not compare */
void diff_tool__report_not_compared(const struct diff_tool_opts *o);

/* diff --guest (diff_guest.c): the same diff in the QEMU guest lane, the
 * object built here */
struct convert_args;
struct diff_guest_opts {
	size_t sz;
	bool json;
	const char *kver;		/* BCC2CORE_GUEST_KVER, NULL: the lane's default */
	char **argv;			/* diff's arguments in their order, without --guest */
	int argc;
	int prog_idx;			/* PROG's index in argv, -1 for --tool */
	const struct convert_args *ca;	/* how to build PROG */
};
/* 0 equal, 1 different, 2 could not compare (the guest's diff's status) */
int diff_guest__run(const struct diff_guest_opts *o);

#endif
