/*
 * rwsem.c - struct rw_semaphore: shared readers, one exclusive writer.
 */
#include "rt_internal.h"
#include "vfsrace/rt_report.h"
#include "vfsrace/rt_rwsem.h"

void rt_rwsem_init(rt_rwsem_t *s, const char *name)
{
	s->readers = 0;
	s->writer = NULL;
	s->name = name;
	pthread_rwlock_init(&s->free_rw, NULL);
}

static void step(rt_rwsem_t *s, enum rt_access a, const char *verb, const char *file, int line,
		 const char *func)
{
	struct rt_op op = rt_mkop(s, a, RT_P_RWSEM, verb, file, line, func);

	if (!s)
		rt_report(RT_V_BAD_ARG, true, "%s(NULL) in %s() at %s:%d", verb, func, file, line);
	if (a == RT_ACQ || a == RT_ACQ_SH)
		rt_check_may_sleep(&op.loc);
	rt_point(&op);
	switch (a) {
	case RT_ACQ:
		s->writer = rt_self();
		break;
	case RT_ACQ_SH:
		s->readers++;
		break;
	case RT_REL:
		if (s->writer != rt_self())
			rt_report(RT_V_BAD_UNLOCK, true, "up_write(%s) in %s() at %s:%d not held",
				  s->name, func, file, line);
		s->writer = NULL;
		break;
	case RT_REL_SH:
		if (s->readers <= 0)
			rt_report(RT_V_BAD_UNLOCK, true, "up_read(%s) in %s() at %s:%d not held",
				  s->name, func, file, line);
		s->readers--;
		break;
	default:
		break;
	}
	rt_record(&op, false, 0, 0);
}

void rt_down_read_at(rt_rwsem_t *s, const char *file, int line, const char *func)
{
	if (rt.mode == RT_MODE_FREE) {
		pthread_rwlock_rdlock(&s->free_rw);
		return;
	}
	step(s, RT_ACQ_SH, "down_read", file, line, func);
}

void rt_down_write_at(rt_rwsem_t *s, const char *file, int line, const char *func)
{
	if (rt.mode == RT_MODE_FREE) {
		pthread_rwlock_wrlock(&s->free_rw);
		return;
	}
	step(s, RT_ACQ, "down_write", file, line, func);
}

void rt_up_read_at(rt_rwsem_t *s, const char *file, int line, const char *func)
{
	if (rt.mode == RT_MODE_FREE) {
		pthread_rwlock_unlock(&s->free_rw);
		return;
	}
	step(s, RT_REL_SH, "up_read", file, line, func);
}

void rt_up_write_at(rt_rwsem_t *s, const char *file, int line, const char *func)
{
	if (rt.mode == RT_MODE_FREE) {
		pthread_rwlock_unlock(&s->free_rw);
		return;
	}
	step(s, RT_REL, "up_write", file, line, func);
}

int rt_down_read_trylock_at(rt_rwsem_t *s, const char *file, int line, const char *func)
{
	struct rt_op op = rt_mkop(s, RT_TRY_SH, RT_P_RWSEM, "down_read_trylock", file, line, func);
	int got;

	if (rt.mode == RT_MODE_FREE)
		return pthread_rwlock_tryrdlock(&s->free_rw) == 0;
	if (!s)
		rt_report(RT_V_BAD_ARG, true, "down_read_trylock(NULL) in %s() at %s:%d", func,
			  file, line);
	rt_point(&op);
	got = s->writer == NULL;
	if (got)
		s->readers++;
	rt_record(&op, true, 0, got);
	return got;
}
