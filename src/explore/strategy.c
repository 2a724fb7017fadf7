/*
 * strategy.c - the strategies the explorer offers by name.
 */
#include <string.h>

#include "strategy.h"

static const struct strategy_ops *const strategies[] = {
    &ex_dpor_ops, &ex_dfs_ops, &ex_bounded_ops, &ex_random_ops, &ex_pct_ops,
};

#define NSTRATEGIES (sizeof(strategies) / sizeof(strategies[0]))

const struct strategy_ops *ex_strategy_find(const char *name)
{
	for (unsigned i = 0; i < NSTRATEGIES; i++)
		if (name && strcmp(strategies[i]->name, name) == 0)
			return strategies[i];
	return NULL;
}

const char *ex_strategy_name(const struct strategy_ops *s)
{
	return s->name;
}

const char *const *ex_strategy_names(void)
{
	static const char *names[NSTRATEGIES + 1];

	for (unsigned i = 0; i < NSTRATEGIES; i++)
		names[i] = strategies[i]->name;
	return names;
}
