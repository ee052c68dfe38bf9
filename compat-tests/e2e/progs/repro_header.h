/* a header of the program's own, next to it (repro_header.bcc.c) */
static inline u32 exec_bucket(u32 pid)
{
	return pid & 0xff;
}
