/*
 * prog_model.c - a test program (prog.h) run on the runtime's primitives,
 * as the model "test-program".  Set prog_model_current before exploring.
 *
 * Each operation is the runtime call a kernel function would make; the
 * oracle (oracle_enum.c) interprets the same text on its own, and the two
 * must agree step for step.
 */
#include <stdio.h>
#include <string.h>

#include "oracle_enum.h"
#include "prog_model.h"
#include "vfsrace/model.h"
#include "vfsrace/rt_atomic.h"
#include "vfsrace/rt_bkl.h"
#include "vfsrace/rt_report.h"
#include "vfsrace/rt_rwsem.h"
#include "vfsrace/rt_sched.h"
#include "vfsrace/rt_semaphore.h"
#include "vfsrace/rt_slab.h"
#include "vfsrace/rt_spinlock.h"
#include "vfsrace/rt_thread.h"
#include "vfsrace/rt_waitqueue.h"

struct prog prog_model_current;

/* The shared objects.  volatile: an optimising build must keep every load
 * the program makes, the one that faults on a freed object above all. */
static volatile int var[PROG_VARS], cnt[PROG_VARS];
static rt_atomic_t atom[PROG_VARS];
static rt_spinlock_t lock[PROG_LOCKS];
static rt_semaphore_t sem[PROG_SEMS];
static rt_rwsem_t rwsem;
static rt_waitqueue_t wq[PROG_QUEUES];
static struct slab_obj {
	volatile int field;
	int pad[3];
} * obj;
static int reg_final[PROG_THREADS];
static int incs[PROG_THREADS][PROG_VARS];

/* Where a thread's code is: ops [from, to) of thread `code`'s list. */
static struct code_range {
	int code, from, to;
} ranges[PROG_THREADS];

static void run(int code, int from, int to, int *reg);

static void thread_fn(void *arg)
{
	const struct code_range *cr = arg;
	int reg = 0;

	run(cr->code, cr->from, cr->to, &reg);
	reg_final[rt_thread_self()] = reg;
}

/* Code ranges of spawned threads, one per spawn of this execution. */
static struct code_range spawned[PROG_THREADS];
static int nspawned;

static void spawn(int code, int from, int to)
{
	struct code_range *cr = &spawned[nspawned++ % PROG_THREADS];

	cr->code = code;
	cr->from = from;
	cr->to = to;
	rt_thread_create_at("child", thread_fn, cr, RT_HERE);
}

static void wait_event_var(int q, int x)
{
	rt_wait_event_at(&wq[q], (RT_READ(&var[x], "cond"), var[x] != 0), __FILE__, __LINE__,
			 __func__);
}

static void run(int code, int from, int to, int *reg)
{
	const struct prog_thread *th = &prog_model_current.t[code];
	int t = rt_thread_self();

	for (int pc = from; pc < to; pc++) {
		const struct prog_op *op = &th->op[pc];
		int x = op->x;

		switch (op->kind) {
		case P_READ:
			RT_READ(&var[x], "read");
			*reg = *reg * 3 + var[x] + 1;
			break;
		case P_WRITE:
			RT_WRITE(&var[x], "write");
			var[x] = *reg * 5 + t * 7 + pc + 1;
			break;
		case P_INC: {
			RT_READ(&cnt[x], "cnt++ (load)");
			int v = cnt[x];
			RT_WRITE(&cnt[x], "cnt++ (store)");
			cnt[x] = v + 1;
			incs[t][x]++;
			break;
		}
		case P_ATOMIC_INC:
			rt_atomic_add_at(&atom[x], 1, RT_HERE);
			break;
		case P_LOCK:
			rt_spin_lock_at(&lock[x], RT_HERE);
			break;
		case P_UNLOCK:
			rt_spin_unlock_at(&lock[x], RT_HERE);
			break;
		case P_TRYLOCK:
			if (rt_spin_trylock_at(&lock[x], RT_HERE)) {
				run(code, pc + 1, op->body_end, reg);
				rt_spin_unlock_at(&lock[x], RT_HERE);
			}
			pc = op->body_end - 1;
			break;
		case P_DOWN:
			rt_down_at(&sem[x], RT_HERE);
			break;
		case P_UP:
			rt_up_at(&sem[x], RT_HERE);
			break;
		case P_DOWN_TRYLOCK:
			if (rt_down_trylock_at(&sem[x], RT_HERE) == 0) {
				run(code, pc + 1, op->body_end, reg);
				rt_up_at(&sem[x], RT_HERE);
			}
			pc = op->body_end - 1;
			break;
		case P_DOWN_READ:
			rt_down_read_at(&rwsem, RT_HERE);
			break;
		case P_UP_READ:
			rt_up_read_at(&rwsem, RT_HERE);
			break;
		case P_DOWN_WRITE:
			rt_down_write_at(&rwsem, RT_HERE);
			break;
		case P_UP_WRITE:
			rt_up_write_at(&rwsem, RT_HERE);
			break;
		case P_DOWN_READ_TRYLOCK:
			if (rt_down_read_trylock_at(&rwsem, RT_HERE)) {
				run(code, pc + 1, op->body_end, reg);
				rt_up_read_at(&rwsem, RT_HERE);
			}
			pc = op->body_end - 1;
			break;
		case P_LOCK_KERNEL:
			rt_lock_kernel_at(RT_HERE);
			break;
		case P_UNLOCK_KERNEL:
			rt_unlock_kernel_at(RT_HERE);
			break;
		case P_WAIT_EVENT:
			wait_event_var(x, op->y);
			break;
		case P_WAKE:
			rt_wake_up_at(&wq[x], RT_HERE);
			break;
		case P_SLEEP_ON:
			rt_wq_prepare_at(&wq[x], RT_HERE);
			rt_wq_sleep_at(&wq[x], RT_HERE);
			break;
		case P_SPIN_UNTIL:
			for (;;) {
				RT_READ(&var[x], "spin");
				if (var[x])
					break;
				rt_yield();
			}
			break;
		case P_RETRY: {
			int tries = 0;

			for (;;) {
				RT_READ(&var[x], "retry");
				if (var[x])
					break;
				if (++tries == op->y) {
					rt_report("gave-up", false, "gave up after %d tries",
						  tries);
					break;
				}
			}
			break;
		}
		case P_FREE:
			rt_kfree_at(obj, RT_HERE);
			break;
		case P_READ_OBJ:
			RT_READ(&obj->field, "obj->field");
			*reg = *reg * 3 + obj->field + 7;
			break;
		case P_BUG_IF_ZERO:
			RT_READ(&var[x], "bug_on");
			if (!var[x])
				rt_bug_at(RT_HERE, "var == 0");
			break;
		case P_SCAN:
			for (int i = x; i >= 0; i--) {
				RT_READ(&var[i], "scan");
				if (!var[i])
					break;
			}
			break;
		case P_SPAWN:
			spawn(code, pc + 1, op->body_end);
			pc = op->body_end - 1;
			break;
		default:
			break;
		}
	}
}

static void pm_setup(const struct model_args *a)
{
	const struct prog *p = &prog_model_current;

	for (int i = 0; i < PROG_VARS; i++) {
		var[i] = cnt[i] = 0;
		rt_atomic_init(&atom[i], 0, "atom", false);
	}
	for (int i = 0; i < PROG_LOCKS; i++)
		rt_spin_init(&lock[i], "lock");
	for (int i = 0; i < PROG_SEMS; i++)
		rt_sema_init(&sem[i], p->sem_init[i], 8, "sem");
	rt_rwsem_init(&rwsem, "rwsem");
	for (int i = 0; i < PROG_QUEUES; i++)
		rt_waitqueue_init(&wq[i], "wq");
	obj = rt_kmalloc_at(sizeof(*obj), RT_HERE);
	memset(reg_final, 0, sizeof(reg_final));
	nspawned = 0;
	memset(incs, 0, sizeof(incs));
	for (int t = 0; t < p->nthreads; t++) {
		static const char *const names[PROG_THREADS] = {"t0", "t1", "t2", "t3", "t4", "t5"};

		ranges[t] = (struct code_range){t, 0, p->t[t].nops};
		rt_thread_create_at(names[t], thread_fn, &ranges[t], RT_HERE);
	}
}

static uint64_t pm_finish(const struct model_args *a, bool completed)
{
	int v[PROG_VARS], c[PROG_VARS], at[PROG_VARS];

	for (int i = 0; i < PROG_VARS; i++) {
		v[i] = var[i];
		c[i] = cnt[i];
		at[i] = rt_atomic_peek(&atom[i]);
	}
	if (completed)
		for (int x = 0; x < PROG_VARS; x++) {
			int sum = 0;

			for (int t = 0; t < PROG_THREADS; t++)
				sum += incs[t][x];
			if (c[x] != sum)
				rt_report("lost-update", false,
					  "counter %d is %d after %d increments", x, c[x], sum);
		}
	if (rt_slab_is_live(obj))
		rt_kfree_at(obj, RT_HERE);
	return prog_state_hash(v, c, at, reg_final, PROG_THREADS);
}

static const struct model_param pm_params[] = {{"size", 0, 0, 0, "unused", NULL}};
static const struct model_fix pm_fix[] = {{"none", "a generated test program"}};
static const struct model pm_model = {
    .name = "test-program",
    .summary = "test only: the program in prog_model_current (tests/oracle)",
    .params = pm_params,
    .nparams = 1,
    .fixes = pm_fix,
    .nfixes = 1,
    .setup = pm_setup,
    .finish = pm_finish,
};
MODEL_REGISTER(pm_model)
