// rewriter/parse.c find_fixups(): a "redefinition of" diagnostic strdup()s
// the struct name into fix[]; a later "file not found" returns early
// (*missing) without freeing them: leaked, once per parse attempt
struct task_struct { int x; };
#include "/nonexistent-dir/x.h"

TRACEPOINT_PROBE(sched, sched_process_exec)
{
	return 0;
}
