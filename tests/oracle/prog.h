/*
 * prog.h - small concurrent programs over every runtime primitive, for the
 * trace oracle and the differential tests.
 *
 * A program is a few threads, each a list of operations on a few shared
 * objects.  The oracle (oracle_enum.c) interprets it on its own; the model
 * in prog_model.c runs it on the runtime's primitives; both must give the
 * same steps.  Text form, one thread per '|'-separated part:
 *
 *   rX  read var X            wX  write var X         iX  counter X += 1
 *                                                         (a read, then a write)
 *   aX  atomic_inc atomic X   LX  spin_lock X         UX  spin_unlock X
 *   tX{...}  if spin_trylock X: the body, spin_unlock X
 *   DX  down sem X            VX  up sem X            dX{...} down_trylock section
 *   <X  down_read rwsem X     >X  up_read X           [X  down_write X   ]X up_write X
 *   ?X{...}  if down_read_trylock X: the body, up_read X
 *   K   lock_kernel           k   unlock_kernel       (nested: no step)
 *   eQX wait_event(queue Q, var X != 0)               nQ  wake_up(queue Q)
 *   sX  while (!var X) cpu_relax()                    cXN up to N reads of var X,
 *                                                         then "gave-up"
 *   fO  kfree object O        oO  read object O (use after free: an Oops)
 *   bX  BUG_ON(var X == 0)    x{...} spawn a thread running the body
 *   zX  read vars X, X-1, ... 0 until one is zero (lastzero's reader)
 *   SQ  interruptible_sleep_on(queue Q): queue, then sleep with nothing
 *       tested in between (autofs4_wait(); a wake_up before it is lost)
 *
 * A header "sems=a,b;" sets the initial counts of semaphores 0 and 1
 * (default 1,1).  X, Q, O are single digits.
 */
#ifndef VFSRACE_TESTS_PROG_H
#define VFSRACE_TESTS_PROG_H

#include <stdbool.h>
#include <stdint.h>

#define PROG_THREADS 6 /* including spawned ones */
#define PROG_OPS     24
#define PROG_VARS    5
#define PROG_LOCKS   2
#define PROG_SEMS    2
#define PROG_RWSEMS  1
#define PROG_QUEUES  1
#define PROG_OBJS    1

enum prog_kind {
	P_READ,
	P_WRITE,
	P_INC,
	P_ATOMIC_INC,
	P_LOCK,
	P_UNLOCK,
	P_TRYLOCK, /* body: ops[.. body_end) */
	P_DOWN,
	P_UP,
	P_DOWN_TRYLOCK,
	P_DOWN_READ,
	P_UP_READ,
	P_DOWN_WRITE,
	P_UP_WRITE,
	P_DOWN_READ_TRYLOCK,
	P_LOCK_KERNEL,
	P_UNLOCK_KERNEL,
	P_WAIT_EVENT,
	P_WAKE,
	P_SPIN_UNTIL,
	P_RETRY,
	P_FREE,
	P_READ_OBJ,
	P_BUG_IF_ZERO,
	P_SPAWN, /* body: the child's code */
	P_SCAN,
	P_SLEEP_ON, /* prepare_to_wait, then schedule(): interruptible_sleep_on */
	P_KINDS
};

struct prog_op {
	enum prog_kind kind;
	int x;	      /* var, lock, sem, rwsem, queue or object number */
	int y;	      /* wait_event: the var; retry: the number of tries */
	int body_end; /* sections and spawn: index after the body */
};

struct prog_thread {
	int nops;
	struct prog_op op[PROG_OPS];
};

struct prog {
	int nthreads; /* threads present from the start */
	int sem_init[PROG_SEMS];
	struct prog_thread t[PROG_THREADS];
	/* Spawned threads run the body of a P_SPAWN op: thread code
	 * (t, from, to) lists are filled by prog_parse / prog_generate. */
};

/* Parse the text form; 0, or -1 with a message in err. */
int prog_parse(struct prog *p, const char *text, char *err, unsigned errlen);
/* The text form. */
void prog_format(const struct prog *p, char *buf, unsigned len);
/* A random program using every kind of operation now and then; the
 * sections it makes are balanced (every lock taken is released). */
void prog_generate(struct prog *p, uint64_t *rng);
/* The same with more features, threads (at most PROG_THREADS less the
 * spawned ones) and units per thread: prog_generate is (3, 3, 3). */
void prog_generate_sized(struct prog *p, uint64_t *rng, int features_max, int threads_max,
			 int units_max);

#endif
