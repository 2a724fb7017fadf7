/*
 * model_table.c - the registry of models (the table half of model.h).
 *
 * Models register themselves from constructors (MODEL_REGISTER) before
 * main() runs, so the table is filled once and only read afterwards; no
 * locking is needed.  model_all() sorts lazily, the first time it is asked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vfsrace/model.h"

#define MODEL_TABLE_MAX 64

static const struct model *table[MODEL_TABLE_MAX];
static int ntable;
static int sorted;

void model_register(const struct model *m)
{
	if (!m || !m->name)
		return;
	for (int i = 0; i < ntable; i++)
		if (strcmp(table[i]->name, m->name) == 0)
			return; /* the same model linked twice */
	if (ntable == MODEL_TABLE_MAX) {
		fprintf(stderr, "vfsrace: model table full, '%s' not registered\n", m->name);
		return;
	}
	table[ntable++] = m;
	sorted = 0;
}

const struct model *model_find(const char *name)
{
	if (!name)
		return NULL;
	for (int i = 0; i < ntable; i++)
		if (strcmp(table[i]->name, name) == 0)
			return table[i];
	return NULL;
}

static int by_name(const void *a, const void *b)
{
	const struct model *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

int model_all(const struct model *const **out)
{
	if (!sorted) {
		qsort(table, ntable, sizeof(table[0]), by_name);
		sorted = 1;
	}
	*out = table;
	return ntable;
}

int model_param_index(const struct model *m, const char *name)
{
	if (!m || !name)
		return -1;
	for (int i = 0; i < m->nparams; i++)
		if (strcmp(m->params[i].name, name) == 0)
			return i;
	return -1;
}

int model_fix_index(const struct model *m, const char *name)
{
	if (!m || !name)
		return -1;
	for (int i = 0; i < m->nfixes; i++)
		if (strcmp(m->fixes[i].name, name) == 0)
			return i;
	return -1;
}

void model_default_args(const struct model *m, struct model_args *a)
{
	memset(a, 0, sizeof(*a));
	for (int i = 0; i < m->nparams && i < MODEL_MAX_PARAMS; i++)
		a->value[i] = m->params[i].def;
}

int model_param_named_value(const struct model_param *mp, const char *s)
{
	for (int v = mp->min; mp->names && v <= mp->max && mp->names[v]; v++)
		if (strcmp(mp->names[v], s) == 0)
			return v;
	return -1;
}

const char *model_param_value_name(const struct model_param *mp, int v, char *buf, size_t len)
{
	if (mp->names && v >= mp->min && v <= mp->max && mp->names[v])
		return mp->names[v];
	snprintf(buf, len, "%d", v);
	return buf;
}
