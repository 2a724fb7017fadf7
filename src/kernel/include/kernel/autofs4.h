/*
 * kernel/autofs4.h - the wait-queue lifetime of 2.4.26 fs/autofs4/waitq.c:
 * requests to the automount daemon, the daemon's answers, catatonic mode.
 *
 * autofs4_fix selects the code: AUTOFS4_FIX_NONE is 2.4.26;
 * AUTOFS4_FIX_KENT_WQ_SEM carries back Ian Kent's 2.6 waitq.c change of
 * May 2004 (docs/findings.md says why not his 2.4 patch).
 */
#ifndef VFSRACE_KERNEL_AUTOFS4_H
#define VFSRACE_KERNEL_AUTOFS4_H

#include <vfsrace/linux/atomic.h>
#include <vfsrace/linux/list.h>
#include <vfsrace/linux/semaphore.h>
#include <vfsrace/linux/spinlock.h>
#include <vfsrace/linux/wait.h>

#include "kernel/dcache.h"

typedef unsigned long autofs_wqt_t;

enum autofs4_fix_variant { AUTOFS4_FIX_NONE = 0, AUTOFS4_FIX_KENT_WQ_SEM, AUTOFS4_FIX_COUNT };
extern enum autofs4_fix_variant autofs4_fix;

enum autofs_notify { NFY_NONE, NFY_MOUNT, NFY_EXPIRE };

/* fs/autofs4/autofs_i.h (2.4.26) */
struct autofs_wait_queue {
	wait_queue_head_t queue;
	struct autofs_wait_queue *next;
	autofs_wqt_t wait_queue_token;
	int hash;
	int len;
	char *name;
	int status;
	int wait_ctr;		  /* 2.4.26: a plain int */
	atomic_t wait_ctr_atomic; /* kent-wq_sem: atomic_t, as in his patch */
};

/* The daemon's end of the pipe: packets are wait_queue_tokens. */
struct autofs_pipe {
	spinlock_t lock;
	int closed; /* the daemon has gone: writes fail */
	int n, head;
	autofs_wqt_t token[8];
	wait_queue_head_t readable;
};

struct autofs_sb_info {
	struct autofs_pipe *pipe;
	int catatonic;
	struct autofs_wait_queue *queues;
	struct semaphore wq_sem; /* kent-wq_sem */
};

void autofs4_waitq_init(void);
void autofs4_catatonic_mode(struct autofs_sb_info *sbi);
int autofs4_wait(struct autofs_sb_info *sbi, struct qstr *name, enum autofs_notify notify);
int autofs4_wait_release(struct autofs_sb_info *sbi, autofs_wqt_t wait_queue_token, int status);
/* The daemon: next request token from the pipe; 0 once it is closed and empty. */
autofs_wqt_t autofs4_daemon_read(struct autofs_pipe *pipe);

#endif
