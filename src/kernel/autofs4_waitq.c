/*
 * autofs4_waitq.c - port of fs/autofs4/waitq.c of Linux 2.4.26: the
 * lifetime of struct autofs_wait_queue between the processes that wait
 * for a mount (autofs4_wait), the daemon that answers
 * (autofs4_wait_release) and shutdown (autofs4_catatonic_mode).
 *
 * 2.4.26 takes no lock here: sbi->queues and wait_ctr are plain, and only
 * the daemon's ioctl runs under the BKL (sys_ioctl).  The pipe is a token
 * queue (struct autofs_pipe) instead of a file; shrink_dcache_sb() at the
 * end of catatonic mode is left out (no autofs dentries in this model).
 *
 * kent-wq_sem: Ian Kent's waitq.c change posted for 2.6.6-rc3-mm1 (lkml,
 * 3 May 2004, <Pine.LNX.4.58.0405032250060.4454@donald.themaw.net>),
 * carried back: sbi->wq_sem around the search and insert in autofs4_wait()
 * and the unlink in autofs4_wait_release(), wait_ctr an atomic_t.
 */
#include <string.h>

#include <vfsrace/linux/kernel.h>
#include <vfsrace/linux/slab.h>
#include <vfsrace/rt_sched.h>
#include <vfsrace/rt_slab.h>
#include <vfsrace/rt_waitqueue.h>

#include "kernel/errno.h"
#include "kernel/autofs4.h"
#include "vfsrace/rt_frame.h"

enum autofs4_fix_variant autofs4_fix = AUTOFS4_FIX_NONE;
static autofs_wqt_t autofs4_next_wait_queue = 1;

static int kent(void)
{
	return autofs4_fix == AUTOFS4_FIX_KENT_WQ_SEM;
}

/* wait_ctr: one more or one less user of wq; returns the new value. */
static int wait_ctr_add(struct autofs_wait_queue *wq, int d)
{
	int v;

	/* kent-wq_sem: atomic_inc / atomic_dec_and_test */
	if (kent()) {
		if (d > 0) {
			atomic_inc(&wq->wait_ctr_atomic);
			return 1;
		}
		return atomic_dec_and_test(&wq->wait_ctr_atomic) ? 0 : 1;
	}
	/* 2.4.26: a plain read-modify-write, two steps as on the machine */
	RT_READ(&wq->wait_ctr, "read wait_ctr");
	v = wq->wait_ctr + d;
	RT_WRITE(&wq->wait_ctr, "write wait_ctr");
	wq->wait_ctr = v;
	return v;
}

/* fs/autofs4/waitq.c: autofs4_catatonic_mode() (2.4.26) — BKL held (put_super, ioctl) or not
 * (notify failure) */
void autofs4_catatonic_mode(struct autofs_sb_info *sbi)
{
	RT_FRAME();
	struct autofs_wait_queue *wq, *nwq;

	RT_WRITE(&sbi->catatonic, "catatonic = 1");
	sbi->catatonic = 1;
	RT_WRITE(&sbi->queues, "queues = NULL");
	wq = sbi->queues;
	sbi->queues = NULL; /* Erase all wait queues */
	while (wq) {
		RT_READ(&wq->next, "wq->next");
		nwq = wq->next;
		RT_WRITE(&wq->status, "status = -ENOENT");
		wq->status = -ENOENT;
		RT_READ(&wq->name, "wq->name");
		kfree(wq->name);
		RT_WRITE(&wq->name, "wq->name = NULL");
		wq->name = NULL;
		wake_up(&wq->queue);
		wq = nwq;
	}
	RT_READ(&sbi->pipe, "sbi->pipe");
	if (sbi->pipe) {
		struct autofs_pipe *p = sbi->pipe;

		/* fput(sbi->pipe): the daemon's read end sees EOF */
		spin_lock(&p->lock);
		RT_WRITE(p, "pipe closed");
		p->closed = 1;
		spin_unlock(&p->lock);
		wake_up(&p->readable);
		RT_WRITE(&sbi->pipe, "pipe = NULL");
		sbi->pipe = NULL;
	}
}

/* fs/autofs4/waitq.c: autofs4_write() (2.4.26) — pipe write; 1 on failure */
static int autofs4_write(struct autofs_pipe *p, autofs_wqt_t token)
{
	RT_FRAME();
	int failed;

	spin_lock(&p->lock);
	RT_WRITE(p, "pipe write");
	failed = p->closed || p->n == 8;
	if (!failed)
		p->token[(p->head + p->n++) % 8] = token;
	spin_unlock(&p->lock);
	wake_up(&p->readable);
	return failed;
}

/* fs/autofs4/waitq.c: autofs4_notify_daemon() (2.4.26) — no lock; may sleep */
static void autofs4_notify_daemon(struct autofs_sb_info *sbi, struct autofs_wait_queue *wq)
{
	RT_FRAME();
	struct autofs_pipe *pipe;

	RT_READ(&wq->wait_queue_token, "wait_queue_token");
	RT_READ(&sbi->pipe, "sbi->pipe");
	pipe = sbi->pipe;
	if (autofs4_write(pipe, wq->wait_queue_token))
		autofs4_catatonic_mode(sbi);
}

static struct autofs_wait_queue *autofs4_find_wait(struct autofs_sb_info *sbi, struct qstr *name)
{
	struct autofs_wait_queue *wq;
	const char *wq_name;

	RT_READ(&sbi->queues, "walk queues");
	for (wq = sbi->queues; wq; wq = wq->next) {
		RT_READ(&wq->name, "wq->name");
		wq_name = wq->name;
		if (wq->hash != (int)name->hash || wq->len != (int)name->len || !wq_name)
			continue;
		/* memcmp() reads the name, which catatonic mode may have freed */
		RT_READ(wq_name, "memcmp name");
		if (!memcmp(wq_name, name->name, name->len))
			break;
	}
	return wq;
}

/*
 * fs/autofs4/waitq.c: autofs4_wait() (2.4.26) — no lock (called from
 * lookup/revalidate).  interruptible_sleep_on() is the runtime's
 * prepare + sleep with nothing tested in between: a wake_up() that comes
 * after the wq->name test and before the sleep is lost.
 */
int autofs4_wait(struct autofs_sb_info *sbi, struct qstr *name, enum autofs_notify notify)
{
	RT_FRAME();
	struct autofs_wait_queue *wq;
	int status;
	autofs_wqt_t token;

	RT_READ(&sbi->catatonic, "catatonic");
	if (sbi->catatonic)
		return -ENOENT;

	if (kent())
		down(&sbi->wq_sem);
	wq = autofs4_find_wait(sbi, name);
	if (!wq) {
		wq = kmalloc(sizeof(struct autofs_wait_queue), GFP_KERNEL);
		if (!wq)
			return -ENOMEM;
		memset(wq, 0, sizeof(*wq));
		wq->name = kmalloc(name->len, GFP_KERNEL);
		/* an unlocked read-modify-write of a global: two requesters
		 * for different names may take the same token */
		RT_READ(&autofs4_next_wait_queue, "read autofs4_next_wait_queue");
		token = autofs4_next_wait_queue;
		wq->wait_queue_token = token;
		RT_WRITE(&autofs4_next_wait_queue, "autofs4_next_wait_queue++");
		autofs4_next_wait_queue = token + 1 ? token + 1 : 1;
		rt_obj_name(wq, "autofs_wait_queue %lu", wq->wait_queue_token);
		rt_obj_name(wq->name, "name of autofs_wait_queue %lu", wq->wait_queue_token);
		init_waitqueue_head(&wq->queue);
		wq->hash = (int)name->hash;
		wq->len = (int)name->len;
		wq->status = -EINTR;
		memcpy(wq->name, name->name, name->len);
		/* kent-wq_sem sets wait_ctr before it lets go of wq_sem */
		wq->wait_ctr = 2;
		rt_atomic_init(&wq->wait_ctr_atomic, 2, "wait_ctr", true);
		RT_WRITE(&sbi->queues, "push queues");
		wq->next = sbi->queues;
		sbi->queues = wq;
		if (kent())
			up(&sbi->wq_sem);
		/* autofs4_notify_daemon() may block */
		if (notify != NFY_NONE)
			autofs4_notify_daemon(sbi, wq);
	} else {
		wait_ctr_add(wq, 1);
		if (kent())
			up(&sbi->wq_sem);
	}

	/* wq->name is NULL if and only if the lock is already released */
	RT_READ(&sbi->catatonic, "catatonic");
	if (sbi->catatonic) {
		RT_WRITE(&wq->status, "status = -ENOENT");
		wq->status = -ENOENT;
		RT_READ(&wq->name, "wq->name");
		if (wq->name) {
			kfree(wq->name);
			RT_WRITE(&wq->name, "wq->name = NULL");
			wq->name = NULL;
		}
	}
	RT_READ(&wq->name, "wq->name");
	if (wq->name) {
		/* interruptible_sleep_on(&wq->queue) */
		rt_wq_prepare_at(&wq->queue, RT_HERE);
		rt_wq_sleep_at(&wq->queue, RT_HERE);
	}
	RT_READ(&wq->status, "status");
	status = wq->status;
	if (wait_ctr_add(wq, -1) == 0) /* Are we the last process to need status? */
		kfree(wq);
	return status;
}

/* fs/autofs4/waitq.c: autofs4_wait_release() (2.4.26) — BKL held (daemon's ioctl) */
int autofs4_wait_release(struct autofs_sb_info *sbi, autofs_wqt_t wait_queue_token, int status)
{
	RT_FRAME();
	struct autofs_wait_queue *wq, **wql;

	if (kent())
		down(&sbi->wq_sem);
	RT_READ(&sbi->queues, "walk queues");
	for (wql = &sbi->queues; (wq = *wql); wql = &wq->next) {
		if (wq->wait_queue_token == wait_queue_token)
			break;
	}
	if (!wq) {
		if (kent())
			up(&sbi->wq_sem);
		return -EINVAL;
	}
	RT_WRITE(&sbi->queues, "unlink from queues");
	*wql = wq->next; /* Unlink from chain */
	if (kent())
		up(&sbi->wq_sem);
	RT_READ(&wq->name, "wq->name");
	kfree(wq->name);
	RT_WRITE(&wq->name, "wq->name = NULL");
	wq->name = NULL; /* Do not wait on this queue */
	RT_WRITE(&wq->status, "status = status");
	wq->status = status;
	if (wait_ctr_add(wq, -1) == 0) /* Is anyone still waiting for this guy? */
		kfree(wq);
	else
		wake_up(&wq->queue);
	return 0;
}

static int pipe_readable(struct autofs_pipe *p)
{
	RT_READ(p, "pipe readable?");
	return p->n > 0 || p->closed;
}

autofs_wqt_t autofs4_daemon_read(struct autofs_pipe *p)
{
	autofs_wqt_t token = 0;

	wait_event(p->readable, pipe_readable(p));
	spin_lock(&p->lock);
	RT_WRITE(p, "pipe read");
	if (p->n > 0) {
		token = p->token[p->head];
		p->head = (p->head + 1) % 8;
		p->n--;
	}
	spin_unlock(&p->lock);
	return token;
}

void autofs4_waitq_init(void)
{
	autofs4_next_wait_queue = 1;
}
