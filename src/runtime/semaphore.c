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

void rt_bkl_release_for_sleep(struct rt_thread *self, const struct rt_loc *loc);
void rt_bkl_reacquire_after_sleep(struct rt_thread *self, const struct rt_loc *loc);

/*
 * down() with the BKL held.  2.4's down() decrements the count; only when
 * that leaves it negative does __down() sleep, in schedule(), which drops
 * the BKL and takes it back on waking.  So the decision is a step of its
 * own (a trylock): when it succeeds the thread goes on holding the BKL;
 * when it fails the BKL is dropped for the blocking acquire and taken back
 * after it, as a wait queue sleep does.
 */
static void down_holding_bkl(rt_semaphore_t *s, const struct rt_op *op)
{
	struct rt_thread *self = rt_self();
	struct rt_op try = *op;

	try.access = RT_TRY;
	try.what = "down (BKL held)";
	rt_point(&try);
	if (s->count > 0) {
		s->count--;
		rt_record_count(&try, true, 1, s->count + 1, s->count);
		return;
	}
	rt_record_count(&try, true, 0, s->count, s->count);
	rt_bkl_release_for_sleep(self, &op->loc);
	rt_point(op);
	s->count--;
	rt_record_count(op, true, s->count, s->count + 1, s->count);
	rt_bkl_reacquire_after_sleep(self, &op->loc);
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
	if (rt_controlled() && rt_self()->bkl_depth > 0) {
		down_holding_bkl(s, &op);
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
