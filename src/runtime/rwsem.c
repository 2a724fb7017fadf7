/*
 * rwsem.c - struct rw_semaphore: shared readers, one exclusive writer, a
 * fair queue (include/asm-i386/rwsem.h and lib/rwsem.c of 2.4.26).
 */
#include "rt_internal.h"
#include "vfsrace/rt_report.h"
#include "vfsrace/rt_rwsem.h"

void rt_rwsem_init(rt_rwsem_t *s, const char *name)
{
	s->readers = 0;
	s->writer = NULL;
	s->nqueue = 0;
	s->name = name;
	pthread_rwlock_init(&s->free_rw, NULL);
}

static void check(const rt_rwsem_t *s, const char *verb, const char *file, int line,
		  const char *func)
{
	if (!s)
		rt_report(RT_V_BAD_ARG, true, "%s(NULL) in %s() at %s:%d", verb, func, file, line);
}

bool rt_rwsem_granted(const struct rt_thread *t, const void *sem)
{
	return t->granted == sem;
}

/* Nobody holds it and nobody waits: the count is RWSEM_UNLOCKED_VALUE. */
static bool uncontended(const rt_rwsem_t *s)
{
	return s->readers == 0 && !s->writer && s->nqueue == 0;
}

static void grant(rt_rwsem_t *s, int tid, bool writes, int by)
{
	struct rt_thread *t = rt.t[tid];

	if (writes)
		s->writer = t;
	else
		s->readers++;
	t->granted = s;
	t->granted_by = by;
}

/* lib/rwsem.c: __rwsem_do_wake(): the last active holder left; grant the
 * front writer alone, or the readers at the front up to a writer. */
static void do_wake(rt_rwsem_t *s)
{
	int n = 0, by = rt_next_event_index();

	if (s->readers || s->writer || !s->nqueue)
		return;
	if (s->queue_writes[0]) {
		grant(s, s->queue[0], true, by);
		n = 1;
	} else {
		while (n < s->nqueue && !s->queue_writes[n]) {
			grant(s, s->queue[n], false, by);
			n++;
		}
	}
	s->nqueue -= n;
	for (int i = 0; i < s->nqueue; i++) {
		s->queue[i] = s->queue[i + n];
		s->queue_writes[i] = s->queue_writes[i + n];
	}
}

/* down_read()/down_write(): take it now, or queue and sleep until an up
 * grants it (rwsem_down_read_failed / rwsem_down_write_failed). */
static void down(rt_rwsem_t *s, bool writes, const char *file, int line, const char *func)
{
	const char *verb = writes ? "down_write" : "down_read";
	struct rt_op op =
	    rt_mkop(s, writes ? RT_ACQ : RT_ACQ_SH, RT_P_RWSEM, verb, file, line, func);
	struct rt_thread *self = rt_self();
	bool now;

	check(s, verb, file, line, func);
	rt_check_may_sleep(&op.loc);
	rt_point(&op);
	now = writes ? uncontended(s) : !s->writer && s->nqueue == 0;
	if (now) {
		if (writes)
			s->writer = self;
		else
			s->readers++;
	} else {
		if (s->nqueue >= RT_MAX_THREADS || self->id < 0)
			rt_report(RT_V_DEADLOCK, true,
				  "%s(%s) in %s() at %s:%d sleeps outside a thread", verb, s->name,
				  func, file, line);
		s->queue[s->nqueue] = (int8_t)self->id;
		s->queue_writes[s->nqueue] = writes;
		s->nqueue++;
		self->granted = NULL;
	}
	rt_record(&op, true, 0, now);
	if (now)
		return;
	struct rt_op sleep =
	    rt_mkop(s, RT_WAIT, RT_P_RWSEM, writes ? "down_write (sleep)" : "down_read (sleep)",
		    file, line, func);
	rt_point(&sleep);
	struct rt_step_info si = {.enabler = self->granted_by};
	self->granted = NULL;
	rt_record_step(&sleep, &si);
}

void rt_down_read_at(rt_rwsem_t *s, const char *file, int line, const char *func)
{
	if (rt.mode == RT_MODE_FREE) {
		pthread_rwlock_rdlock(&s->free_rw);
		return;
	}
	down(s, false, file, line, func);
}

void rt_down_write_at(rt_rwsem_t *s, const char *file, int line, const char *func)
{
	if (rt.mode == RT_MODE_FREE) {
		pthread_rwlock_wrlock(&s->free_rw);
		return;
	}
	down(s, true, file, line, func);
}

void rt_up_read_at(rt_rwsem_t *s, const char *file, int line, const char *func)
{
	struct rt_op op = rt_mkop(s, RT_REL_SH, RT_P_RWSEM, "up_read", file, line, func);

	if (rt.mode == RT_MODE_FREE) {
		pthread_rwlock_unlock(&s->free_rw);
		return;
	}
	check(s, "up_read", file, line, func);
	rt_point(&op);
	if (s->readers <= 0)
		rt_report(RT_V_BAD_UNLOCK, true, "up_read(%s) in %s() at %s:%d not held", s->name,
			  func, file, line);
	s->readers--;
	do_wake(s);
	rt_record(&op, false, 0, 0);
}

void rt_up_write_at(rt_rwsem_t *s, const char *file, int line, const char *func)
{
	struct rt_op op = rt_mkop(s, RT_REL, RT_P_RWSEM, "up_write", file, line, func);

	if (rt.mode == RT_MODE_FREE) {
		pthread_rwlock_unlock(&s->free_rw);
		return;
	}
	check(s, "up_write", file, line, func);
	rt_point(&op);
	if (s->writer != rt_self())
		rt_report(RT_V_BAD_UNLOCK, true, "up_write(%s) in %s() at %s:%d not held", s->name,
			  func, file, line);
	s->writer = NULL;
	do_wake(s);
	rt_record(&op, false, 0, 0);
}

/* __down_read_trylock(): succeeds while the count is not negative, that is
 * while no writer holds the lock and nobody waits for it. */
int rt_down_read_trylock_at(rt_rwsem_t *s, const char *file, int line, const char *func)
{
	struct rt_op op = rt_mkop(s, RT_TRY_SH, RT_P_RWSEM, "down_read_trylock", file, line, func);
	int got;

	if (rt.mode == RT_MODE_FREE)
		return pthread_rwlock_tryrdlock(&s->free_rw) == 0;
	check(s, "down_read_trylock", file, line, func);
	rt_point(&op);
	got = !s->writer && s->nqueue == 0;
	if (got)
		s->readers++;
	rt_record(&op, true, 0, got);
	return got;
}
