/*
 * semaphore.c - counting struct semaphore.
 */
#include "rt_internal.h"
#include "vfsrace/rt_report.h"
#include "vfsrace/rt_semaphore.h"

void rt_sema_init(rt_semaphore_t *s, int count, int limit, const char *name)
{
	s->count = count;
	s->limit = limit;
	s->name = name;
	pthread_mutex_init(&s->free_mu, NULL);
	pthread_cond_init(&s->free_cv, NULL);
}

static void check(rt_semaphore_t *s, const char *verb, const char *file, int line, const char *func)
{
	if (!s)
		rt_report(RT_V_BAD_ARG, true, "%s(NULL) in %s() at %s:%d", verb, func, file, line);
}

void rt_down_at(rt_semaphore_t *s, const char *file, int line, const char *func)
{
	struct rt_op op = rt_mkop(s, RT_ACQ, RT_P_SEM, "down", file, line, func);

	check(s, "down", file, line, func);
	rt_check_may_sleep(&op.loc);
	if (rt.mode == RT_MODE_FREE) {
		pthread_mutex_lock(&s->free_mu);
		while (s->count == 0)
			pthread_cond_wait(&s->free_cv, &s->free_mu);
		s->count--;
		pthread_mutex_unlock(&s->free_mu);
		return;
	}
	rt_point(&op);
	if (s->count <= 0)
		rt_report(RT_V_DEADLOCK, true, "down(%s) in %s() at %s:%d would sleep forever",
			  s->name, func, file, line);
	s->count--;
	rt_record_count(&op, true, s->count, s->count + 1, s->count);
}

int rt_down_trylock_at(rt_semaphore_t *s, const char *file, int line, const char *func)
{
	struct rt_op op = rt_mkop(s, RT_TRY, RT_P_SEM, "down_trylock", file, line, func);
	int busy;

	check(s, "down_trylock", file, line, func);
	if (rt.mode == RT_MODE_FREE) {
		pthread_mutex_lock(&s->free_mu);
		busy = s->count == 0;
		if (!busy)
			s->count--;
		pthread_mutex_unlock(&s->free_mu);
		return busy;
	}
	rt_point(&op);
	busy = s->count <= 0;
	if (!busy)
		s->count--;
	rt_record_count(&op, true, !busy, busy ? s->count : s->count + 1, s->count);
	return busy;
}

void rt_up_at(rt_semaphore_t *s, const char *file, int line, const char *func)
{
	struct rt_op op = rt_mkop(s, RT_REL, RT_P_SEM, "up", file, line, func);

	check(s, "up", file, line, func);
	if (rt.mode == RT_MODE_FREE) {
		pthread_mutex_lock(&s->free_mu);
		s->count++;
		pthread_cond_signal(&s->free_cv);
		pthread_mutex_unlock(&s->free_mu);
		return;
	}
	rt_point(&op);
	if (s->count >= s->limit)
		rt_report(RT_V_BAD_UNLOCK, true,
			  "up(%s) in %s() at %s:%d beyond its limit %d (released twice?)", s->name,
			  func, file, line, s->limit);
	s->count++;
	rt_record_count(&op, true, s->count, s->count - 1, s->count);
}
