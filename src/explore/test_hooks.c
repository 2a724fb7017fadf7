/*
 * test_hooks.c - see ex_testing.h.
 */
#include "vfsrace/ex_testing.h"

static struct ex_test_hooks hooks;

void ex_test_hooks_set(const struct ex_test_hooks *h)
{
	hooks = *h;
}

const struct ex_test_hooks *ex_test_hooks(void)
{
	return &hooks;
}
