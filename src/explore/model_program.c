/*
 * model_program.c - see ex_model_program.h.
 */
#include <string.h>

#include "vfsrace/ex_model_program.h"

static void mp_setup(void *p)
{
	struct ex_model_program *mp = p;

	mp->m->setup(&mp->args);
}

static uint64_t mp_finish(void *p, bool completed)
{
	struct ex_model_program *mp = p;

	return mp->m->finish ? mp->m->finish(&mp->args, completed) : 0;
}

static void mp_describe(void *p, char *buf, unsigned len)
{
	struct ex_model_program *mp = p;

	mp->m->describe(&mp->args, buf, len);
}

void ex_model_program_init(struct ex_model_program *mp, const struct model *m,
			   const struct model_args *a)
{
	memset(mp, 0, sizeof(*mp));
	mp->m = m;
	mp->args = *a;
	mp->prog.setup = mp_setup;
	mp->prog.finish = mp_finish;
	mp->prog.params = mp;
	mp->prog.describe = m->describe ? mp_describe : NULL;
}
