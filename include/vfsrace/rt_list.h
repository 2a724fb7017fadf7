/*
 * rt_list.h - the kernel's doubly linked list, as plain C.
 *
 * List operations are not scheduling points by themselves: the port marks
 * the shared list it is about to change with RT_WRITE/RT_READ, exactly
 * where the kernel does the plain access, so the explorer sees which list
 * (dentry_unused, d_subdirs of a dentry, ...) a step touches.
 */
#ifndef VFSRACE_RT_LIST_H
#define VFSRACE_RT_LIST_H

#include <stddef.h>

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name)     \
	{                        \
		&(name), &(name) \
	}
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *h)
{
	h->next = h;
	h->prev = h;
}

static inline void __list_add(struct list_head *n, struct list_head *prev, struct list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}

static inline void list_add(struct list_head *n, struct list_head *head)
{
	__list_add(n, head, head->next);
}

static inline void list_add_tail(struct list_head *n, struct list_head *head)
{
	__list_add(n, head->prev, head);
}

static inline void __list_del(struct list_head *prev, struct list_head *next)
{
	next->prev = prev;
	prev->next = next;
}

/* As in 2.4, list_del() leaves the entry's pointers dangling (0 here). */
static inline void list_del(struct list_head *e)
{
	__list_del(e->prev, e->next);
	e->next = NULL;
	e->prev = NULL;
}

static inline void list_del_init(struct list_head *e)
{
	__list_del(e->prev, e->next);
	INIT_LIST_HEAD(e);
}

static inline int list_empty(const struct list_head *h)
{
	return h->next == h;
}

static inline void list_splice(struct list_head *list, struct list_head *head)
{
	struct list_head *first = list->next;

	if (first != list) {
		struct list_head *last = list->prev;
		struct list_head *at = head->next;

		first->prev = head;
		head->next = first;
		last->next = at;
		at->prev = last;
	}
}

#define list_entry(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))
#define list_for_each(pos, head)      for (pos = (head)->next; pos != (head); pos = pos->next)

#endif
