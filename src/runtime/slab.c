/*
 * slab.c - simulated slab: one or more pages per object, freed pages made
 * inaccessible until the execution ends, faults turned into Oops reports.
 *
 * The arena is reused from its start by every execution, so the same
 * schedule allocates the same objects at the same addresses: object
 * identity (and so DPOR's dependency relation) is reproducible.  Each
 * thread (and the set-up) allocates from a segment of its own, so an
 * object's address depends only on its thread's own history: two
 * independent steps of different threads that both allocate can be
 * swapped without renaming either object, as a trace requires.  (With one
 * bump pointer for all, the swap exchanged their addresses, and the same
 * trace named different objects in different executions.)
 */
#define _GNU_SOURCE /* REG_ERR: was a fault a read or a write */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "rt_internal.h"
#include "vfsrace/rt_report.h"
#include "vfsrace/rt_slab.h"

#define ARENA_PAGES 65536u /* 256 MiB of address space, touched on demand */
/*
 * The arena sits at the same address in every process: the port hashes
 * pointers (d_hash() of 2.4 mixes in the parent's address), so with a
 * randomised arena a schedule saved by one process could take other hash
 * chains, and so other steps, when replayed by another.  This address is
 * application memory in ASan's x86_64 layout too, away from its allocator
 * (0x600000000000).
 */
#define ARENA_BASE ((void *)0x3e0000000000ull)

struct alloc {
	uint32_t first_page; /* of this allocation; UINT32_MAX: page unused */
	uint32_t npages;
	const char *cache;
	rt_kmem_cache_t *c;
	bool freed;
	int freed_by;
	unsigned freed_step;
	int alloc_by;
	unsigned alloc_step;
	struct rt_loc free_loc;
	/* record_trace: the free's step, the allocating stack (kept in
	 * trace.c), for the two sides of a use-after-free report */
	int free_event;
	int alloc_stack;
};

static char *arena;
static size_t page_size;
#define SEGMENTS      (RT_MAX_THREADS + 1) /* the set-up, then each thread */
#define SEGMENT_PAGES (ARENA_PAGES / SEGMENTS)
static uint32_t next_page[SEGMENTS];  /* bump pointer of each segment */
static uint32_t high_water[SEGMENTS]; /* its pages used by any execution so far */
static struct alloc *allocs;	      /* indexed by first page */
static uint32_t *page_owner;	      /* page -> first page of its allocation */

/*
 * Free mode (real threads, no scheduler): objects come from calloc, and a
 * freed object is kept (not returned to malloc) until the next execution,
 * so the baseline's own use-after-free reads stale memory instead of
 * corrupting the heap; the table answers rt_slab_is_live() for the
 * model's end-of-run checks.
 */
#define FREE_TABLE_CAP 65536
static struct {
	void *obj;
	bool freed;
} free_table[FREE_TABLE_CAP];
static unsigned free_table_n;
static pthread_mutex_t free_table_mu = PTHREAD_MUTEX_INITIALIZER;

static void *free_mode_alloc(size_t size)
{
	void *p = calloc(1, size);

	pthread_mutex_lock(&free_table_mu);
	if (p && free_table_n < FREE_TABLE_CAP) {
		free_table[free_table_n].obj = p;
		free_table[free_table_n].freed = false;
		free_table_n++;
	}
	pthread_mutex_unlock(&free_table_mu);
	return p;
}

static int free_mode_lookup(const void *p)
{
	for (unsigned i = free_table_n; i-- > 0;)
		if (free_table[i].obj == p)
			return (int)i;
	return -1;
}

static void free_mode_free(void *p)
{
	pthread_mutex_lock(&free_table_mu);
	int i = free_mode_lookup(p);
	if (i >= 0)
		free_table[i].freed = true;
	pthread_mutex_unlock(&free_table_mu);
	if (i < 0)
		free(p);
}

static void free_mode_reset(void)
{
	for (unsigned i = 0; i < free_table_n; i++)
		free(free_table[i].obj);
	free_table_n = 0;
}

/* Names of objects for traces: a small map reset each execution. */
#define NAMES_CAP 4096
static struct {
	const void *obj;
	char name[48];
} names[NAMES_CAP];
static unsigned nnames;

static void arena_init(void)
{
	if (arena)
		return;
	page_size = (size_t)sysconf(_SC_PAGESIZE);
	arena = mmap(ARENA_BASE, ARENA_PAGES * page_size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
	if (arena != MAP_FAILED && arena != ARENA_BASE) {
		/* An old kernel took the address as a hint only. */
		munmap(arena, ARENA_PAGES * page_size);
		arena = MAP_FAILED;
	}
	if (arena == MAP_FAILED) {
		fprintf(stderr, "vfsrace: cannot map the slab arena at %p: %s\n", ARENA_BASE,
			strerror(errno));
		exit(3);
	}
	allocs = calloc(ARENA_PAGES, sizeof(*allocs));
	page_owner = calloc(ARENA_PAGES, sizeof(*page_owner));
	if (!allocs || !page_owner) {
		perror("vfsrace: slab tables");
		exit(3);
	}
	for (uint32_t s = 0; s < SEGMENTS; s++)
		next_page[s] = high_water[s] = s * SEGMENT_PAGES;
}

void rt_slab_reset(void)
{
	free_mode_reset();
	arena_init();
	/* Give the quarantined pages back, all at once. */
	for (uint32_t s = 0; s < SEGMENTS; s++) {
		uint32_t start = s * SEGMENT_PAGES;

		if (high_water[s] > start)
			mprotect(arena + (size_t)start * page_size,
				 (size_t)(high_water[s] - start) * page_size,
				 PROT_READ | PROT_WRITE);
		memset(allocs + start, 0, (size_t)(next_page[s] - start) * sizeof(*allocs));
		next_page[s] = start;
	}
}

void rt_names_reset(void)
{
	nnames = 0;
}

/* p lies in a page some allocation of this execution holds. */
static int in_arena(const void *p)
{
	if (!arena || (const char *)p < arena ||
	    (const char *)p >= arena + (size_t)ARENA_PAGES * page_size)
		return 0;
	uint32_t page = (uint32_t)(((const char *)p - arena) / page_size);
	uint32_t s = page / SEGMENT_PAGES;

	return s < SEGMENTS && page < next_page[s];
}

static struct alloc *alloc_of(const void *p)
{
	if (!in_arena(p))
		return NULL;
	uint32_t page = (uint32_t)(((const char *)p - arena) / page_size);
	return &allocs[page_owner[page]];
}

void rt_kmem_cache_init(rt_kmem_cache_t *c, const char *name, size_t size)
{
	c->name = name;
	c->size = size;
	c->live = 0;
}

static void *slab_alloc(rt_kmem_cache_t *c, const char *cache, size_t size, const char *file,
			int line, const char *func)
{
	if (rt.mode == RT_MODE_FREE)
		return free_mode_alloc(size);
	if (rt.mode == RT_MODE_IDLE)
		return calloc(1, size);
	arena_init();
	uint32_t np = (uint32_t)((size + page_size - 1) / page_size);
	if (np == 0)
		np = 1;
	uint32_t s = (uint32_t)(rt_thread_self() + 1);
	if (next_page[s] + np > (s + 1) * SEGMENT_PAGES) {
		rt_report(RT_V_BUG, true, "slab arena exhausted in %s() at %s:%d", func, file,
			  line);
		return NULL;
	}
	uint32_t first = next_page[s];
	next_page[s] += np;
	if (next_page[s] > high_water[s])
		high_water[s] = next_page[s];
	struct alloc *a = &allocs[first];
	a->first_page = first;
	a->npages = np;
	a->cache = cache;
	a->c = c;
	a->freed = false;
	a->alloc_by = rt_thread_self();
	a->alloc_step = rt.step;
	a->free_event = -1;
	a->alloc_stack = -1;
	if (rt.cfg.record_trace) {
		struct rt_loc at = rt_mkloc(file, line, func);
		struct rt_stack st;

		rt_stack_snapshot(rt_self(), &at, &st);
		a->alloc_stack = rt_trace_keep_stack(&st);
	}
	for (uint32_t i = 0; i < np; i++)
		page_owner[first + i] = first;
	void *obj = arena + (size_t)first * page_size;
	memset(obj, 0, size);
	if (c)
		c->live++;
	return obj;
}

/* The sides of a report on a freed object: who freed it, who made it. */
static void stage_sides(const struct alloc *a, const void *obj)
{
	char what[160];

	if (!rt.cfg.record_trace)
		return;
	if (a->freed && a->free_event >= 0 && (unsigned)a->free_event < rt.nev) {
		const struct rt_trace_step *fs = &rt.tsteps[a->free_event];

		rt_trace_step_describe(fs, what, sizeof(what));
		rt_report_stage_side("freed by", a->freed_by, a->free_event, what, &fs->stack);
	}
	snprintf(what, sizeof(what), "%s from %s", rt_obj_describe(obj), a->cache);
	/* made by a thread's code after its latest step, or by the set-up */
	int at = a->alloc_by >= 0 && a->alloc_step > 0 ? (int)a->alloc_step - 1 : -1;
	rt_report_stage_side("allocated by", a->alloc_by, at, what,
			     rt_trace_kept_stack(a->alloc_stack));
}

/* A read or a write, as the x86 page fault error code tells. */
static const char *fault_kind(void *uc)
{
#if defined(__x86_64__) && defined(REG_ERR)
	const ucontext_t *u = uc;

	return (u->uc_mcontext.gregs[REG_ERR] & 2) ? "write" : "read";
#else
	(void)uc;
	return "access";
#endif
}

static void slab_free(rt_kmem_cache_t *c, void *obj, const char *verb, const char *file, int line,
		      const char *func)
{
	if (!obj)
		return;
	if (rt.mode == RT_MODE_FREE) {
		free_mode_free(obj);
		return;
	}
	if (rt.mode == RT_MODE_IDLE && !in_arena(obj)) {
		free(obj);
		return;
	}
	struct alloc *a = alloc_of(obj);
	unsigned free_step = rt.step;
	int free_event = -1;

	if (a && (char *)obj == arena + (size_t)a->first_page * page_size) {
		/* The free is a step (a second free too, reported below): it
		 * conflicts with every access to the object, so the explorer
		 * also tries the access after it. */
		struct rt_op op = rt_mkop(obj, RT_WRITE, RT_P_FREE, verb, file, line, func);

		op.size = (unsigned long)a->npages * page_size;
		rt_point(&op);
		free_step = rt.step;
		rt_record(&op, false, 0, 0);
		if (rt_controlled() && rt.cfg.record_events && rt.nev)
			free_event = (int)rt.nev - 1; /* kept once it is the first free */
	}
	if (!a || (char *)obj != arena + (size_t)a->first_page * page_size) {
		/* No address in the message: it would differ from run to run. */
		rt_report(RT_V_BAD_ARG, true, "%s() in %s() at %s:%d of %s", verb, func, file, line,
			  a ? "a pointer inside a slab object, not its start"
			    : "a pointer that is not a slab object");
		return;
	}
	if (a->freed) {
		stage_sides(a, obj);
		rt_report(RT_V_DOUBLE_FREE, true,
			  "%s of %s in %s() at %s:%d: already freed by %s at step %u in %s()", verb,
			  rt_obj_describe(obj), func, file, line, rt_thread_name(a->freed_by),
			  a->freed_step, a->free_loc.func);
		return;
	}
	if (c && a->c != c)
		rt_report(RT_V_BAD_ARG, true, "%s of %s in %s() at %s:%d: wrong cache %s (is %s)",
			  verb, rt_obj_describe(obj), func, file, line, c->name, a->cache);
	a->freed = true;
	a->free_event = free_event;
	a->freed_by = rt_thread_self();
	a->freed_step = free_step;
	a->free_loc = rt_mkloc(file, line, func);
	if (a->c)
		a->c->live--;
	mprotect(obj, (size_t)a->npages * page_size, PROT_NONE);
}

void *rt_kmem_cache_alloc_at(rt_kmem_cache_t *c, const char *file, int line, const char *func)
{
	if (!c) {
		rt_report(RT_V_BAD_ARG, true, "kmem_cache_alloc(NULL) in %s() at %s:%d", func, file,
			  line);
		return NULL;
	}
	return slab_alloc(c, c->name, c->size, file, line, func);
}

void rt_kmem_cache_free_at(rt_kmem_cache_t *c, void *obj, const char *file, int line,
			   const char *func)
{
	slab_free(c, obj, "kmem_cache_free", file, line, func);
}

void *rt_kmalloc_at(size_t size, const char *file, int line, const char *func)
{
	return slab_alloc(NULL, "kmalloc", size, file, line, func);
}

void rt_kfree_at(void *obj, const char *file, int line, const char *func)
{
	slab_free(NULL, obj, "kfree", file, line, func);
}

void rt_obj_name(const void *obj, const char *fmt, ...)
{
	va_list ap;
	unsigned i;

	for (i = 0; i < nnames; i++)
		if (names[i].obj == obj)
			break;
	if (i == nnames) {
		if (nnames == NAMES_CAP)
			return;
		nnames++;
	}
	names[i].obj = obj;
	va_start(ap, fmt);
	vsnprintf(names[i].name, sizeof(names[i].name), fmt, ap);
	va_end(ap);
}

static const char *lookup_name(const void *obj)
{
	for (unsigned i = nnames; i-- > 0;)
		if (names[i].obj == obj)
			return names[i].name;
	return NULL;
}

const char *rt_obj_describe(const void *obj)
{
	static char buf[96];
	const char *n;

	if (!obj)
		return "-";
	n = lookup_name(obj);
	if (n)
		return n;
	struct alloc *a = alloc_of(obj);
	if (a) {
		const char *base = arena + (size_t)a->first_page * page_size;
		n = lookup_name(base);
		if (n)
			return n; /* a field of a named object */
		snprintf(buf, sizeof(buf), "%s#%u", a->cache, a->first_page);
		return buf;
	}
	/* Not in the arena and never named: a global the model did not name.
	 * Its address would differ from process to process (and build to
	 * build), so it is not printed: name it with rt_obj_name(). */
	return RT_OBJ_UNNAMED;
}

int rt_slab_is_live(const void *obj)
{
	if (free_table_n) {
		int i = free_mode_lookup(obj);

		if (i >= 0)
			return !free_table[i].freed;
	}
	struct alloc *a = alloc_of(obj);

	return a && !a->freed;
}

void rt_slab_for_each_live(void (*fn)(void *obj, const char *cache, void *arg), void *arg)
{
	for (uint32_t s = 0; s < SEGMENTS; s++)
		for (uint32_t p = s * SEGMENT_PAGES; p < next_page[s];
		     p += allocs[p].npages ? allocs[p].npages : 1)
			if (allocs[p].npages && !allocs[p].freed)
				fn(arena + (size_t)p * page_size, allocs[p].cache, arg);
}

static void count_live(void *obj, const char *cache, void *arg)
{
	(*(int *)arg)++;
}

int rt_slab_live_count(void)
{
	int n = 0;

	rt_slab_for_each_live(count_live, &n);
	return n;
}

struct leak_acc {
	int n;
	char text[400];
	size_t off;
};

static void note_leak(void *obj, const char *cache, void *arg)
{
	struct leak_acc *l = arg;

	l->n++;
	if (l->off < sizeof(l->text) - 64)
		l->off += (size_t)snprintf(l->text + l->off, sizeof(l->text) - l->off, "%s%s (%s)",
					   l->off ? ", " : "", rt_obj_describe(obj), cache);
}

void rt_slab_report_leaks(void)
{
	struct leak_acc l = {0};

	rt_slab_for_each_live(note_leak, &l);
	if (l.n)
		rt_report(RT_V_LEAK, false, "%d object(s) still allocated at the end: %s", l.n,
			  l.text);
}

/*
 * A fault inside the arena is a use of freed memory by the port: report it
 * as the Oops it would be, then unwind the thread.  Any other fault is a
 * crash of vfsrace or of a model.
 */
static void on_segv(int sig, siginfo_t *si, void *uc)
{
	struct alloc *a = alloc_of(si->si_addr);

	if (a && a->freed && (rt_tls_self || rt.main_base_valid)) {
		const char *base = arena + (size_t)a->first_page * page_size;
		char what[160];

		snprintf(what, sizeof(what), "%s of %s (+%ld)", fault_kind(uc),
			 rt_obj_describe(base), (long)((const char *)si->si_addr - base));
		rt_report_stage_what(what);
		stage_sides(a, base);

		rt_report(RT_V_OOPS, true,
			  "Oops: %s touched %s (+%ld) after %s freed it at step %u in %s() (%s:%d)",
			  rt_thread_name(rt_thread_self()), rt_obj_describe(base),
			  (long)((const char *)si->si_addr - base), rt_thread_name(a->freed_by),
			  a->freed_step, a->free_loc.func, a->free_loc.file, a->free_loc.line);
	}
	if (rt_tls_self && rt.mode == RT_MODE_CONTROLLED && (uintptr_t)si->si_addr < 4096) {
		/* 2.4's list_del() leaves NULL links behind: following one is
		 * the kernel's NULL pointer Oops, a finding like any other. */
		rt_report(RT_V_NULL_DEREF, true,
			  "Unable to handle kernel NULL pointer dereference at virtual address "
			  "%08lx (%s)",
			  (unsigned long)(uintptr_t)si->si_addr, rt_thread_name(rt_thread_self()));
	}
	if (rt_tls_self && rt.mode == RT_MODE_CONTROLLED) {
		/* The address would differ from run to run: where it is, not
		 * what it is. */
		rt_report(RT_V_CRASH, true, "%s crashed: signal %d (%s) at an address %s",
			  rt_thread_name(rt_thread_self()), sig, strsignal(sig),
			  a ? "inside the slab arena" : "outside the slab arena");
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* A host (a test framework, say) may have put its own handler on SIGSEGV
 * since rt_init(): an execution needs ours, to turn a use of freed memory
 * into an Oops. */
void rt_slab_claim_handler(void)
{
	struct sigaction cur;

	if (sigaction(SIGSEGV, NULL, &cur) == 0 && cur.sa_sigaction == on_segv &&
	    (cur.sa_flags & SA_SIGINFO))
		return;
	rt_slab_install_handler();
}

void rt_slab_install_handler(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
}
