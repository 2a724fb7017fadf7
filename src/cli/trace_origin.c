/*
 * trace_origin.c - 2.4.26 lines for a trace's frames (interim: none yet).
 */
#include "cli.h"

void trace_resolve_origins(struct rt_trace *tr)
{
	(void)tr;
}
