/*
 * waitqueue.c - wait queues.  A queued thread sleeps until a wake_up()
 * dequeues it; a wake_up() before it queued itself wakes nobody.
 */
#include "rt_internal.h"
#include "vfsrace/rt_report.h"
#include "vfsrace/rt_waitqueue.h"

void rt_bkl_release_for_sleep(struct rt_thread *self, const struct rt_loc *loc);
void rt_bkl_reacquire_after_sleep(struct rt_thread *self, const struct rt_loc *loc);

void rt_waitqueue_init(rt_waitqueue_t *wq, const char *name)
{
	wq->waiters = 0;
	wq->name = name;
	pthread_mutex_init(&wq->free_mu, NULL);
	pthread_cond_init(&wq->free_cv, NULL);
}

static uint32_t self_bit(void)
{
	struct rt_thread *t = rt_tls_self;

	return t ? 1u << t->id : 0;
}

bool rt_wq_woken(const struct rt_thread *t, const void *wq)
{
	return !(((const rt_waitqueue_t *)wq)->waiters & (1u << t->id));
}

static void wq_step(rt_waitqueue_t *wq, enum rt_access a, const char *verb, const char *file,
		    int line, const char *func)
{
	struct rt_op op = rt_mkop(wq, a, RT_P_WQ, verb, file, line, func);

	if (!wq)
		rt_report(RT_V_BAD_ARG, true, "%s(NULL) in %s() at %s:%d", verb, func, file, line);
	if (rt.mode == RT_MODE_FREE) {
		pthread_mutex_lock(&wq->free_mu);
		if (a == RT_WAKE) {
			wq->waiters = 0;
			pthread_cond_broadcast(&wq->free_cv);
		} else if (a == RT_WAIT) {
			while (wq->waiters & self_bit())
				pthread_cond_wait(&wq->free_cv, &wq->free_mu);
		} else if (op.what[0] == 'p') {
			wq->waiters |= self_bit();
		} else {
			wq->waiters &= ~self_bit();
		}
		pthread_mutex_unlock(&wq->free_mu);
		return;
	}
	rt_point(&op);
	struct rt_step_info si = {.enabler = -1};
	switch (a) {
	case RT_WAKE:
		/* Each queued thread learns which step woke it. */
		for (int i = 0; i < rt.nthreads; i++)
			if (wq->waiters & (1u << i))
				rt.t[i]->woken_by = rt_next_event_index();
		wq->waiters = 0;
		break;
	case RT_WRITE:
		if (op.what[0] == 'p') {
			wq->waiters |= self_bit();
			if (rt_tls_self)
				rt_tls_self->woken_by = -1;
		} else {
			wq->waiters &= ~self_bit();
		}
		break;
	case RT_WAIT:
		if (rt_tls_self)
			si.enabler = rt_tls_self->woken_by;
		break;
	default:
		break;
	}
	rt_record_step(&op, &si);
}

void rt_wq_prepare_at(rt_waitqueue_t *wq, const char *file, int line, const char *func)
{
	wq_step(wq, RT_WRITE, "prepare_to_wait", file, line, func);
}

void rt_wq_finish_at(rt_waitqueue_t *wq, const char *file, int line, const char *func)
{
	wq_step(wq, RT_WRITE, "finish_wait", file, line, func);
}

void rt_wq_sleep_at(rt_waitqueue_t *wq, const char *file, int line, const char *func)
{
	struct rt_loc loc = rt_mkloc(file, line, func);
	struct rt_thread *self = rt_self();

	rt_check_may_sleep(&loc);
	if (rt.mode != RT_MODE_FREE && !rt_tls_self && (wq->waiters & self_bit()))
		rt_report(RT_V_DEADLOCK, true, "%s() at %s:%d sleeps outside a thread", func, file,
			  line);
	rt_bkl_release_for_sleep(self, &loc);
	wq_step(wq, RT_WAIT, "schedule (sleep)", file, line, func);
	rt_bkl_reacquire_after_sleep(self, &loc);
}

void rt_wake_up_at(rt_waitqueue_t *wq, const char *file, int line, const char *func)
{
	wq_step(wq, RT_WAKE, "wake_up", file, line, func);
}
