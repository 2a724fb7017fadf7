/*
 * model.h - a scenario the explorer can run: one file under models/.
 *
 * A model is data plus thread bodies: its parameters, its fix variants,
 * a set-up that builds the initial state and registers threads, and a
 * finish that states the invariants at the end of an execution.  Adding
 * MODEL_REGISTER(my_model) to a new file under models/ is all it takes
 * for `vfsrace list` to show it.
 */
#ifndef VFSRACE_MODEL_H
#define VFSRACE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MODEL_MAX_PARAMS 8

struct model_param {
	const char *name; /* command line: --name N */
	int def, min, max;
	const char *help;
	/* Optional: value i is named names[i] (min 0, NULL-terminated); the
	 * command line and the text and JSON output use the names
	 * (--fs ext2), schedule files the number. */
	const char *const *names;
};

struct model_fix {
	const char *name;   /* --fix NAME */
	const char *origin; /* one line: who, when, where */
};

struct model_args {
	int fix;		     /* index into the model's fixes */
	int value[MODEL_MAX_PARAMS]; /* one per model_param, in order */
};

struct model {
	const char *name;
	const char *summary;
	const struct model_param *params;
	int nparams;
	const struct model_fix *fixes; /* fixes[0] is the unfixed code */
	int nfixes;
	/* Build the initial state, register threads (rt_thread_create). */
	void (*setup)(const struct model_args *a);
	/* Invariants (rt_report), terminal-state hash, clean-up. */
	uint64_t (*finish)(const struct model_args *a, bool completed);
	/* Optional: one-line state for traces ("foo/ d_count=1 lru hashed"). */
	void (*describe)(const struct model_args *a, char *buf, unsigned len);
	/* Optional: the dentry tree as Graphviz statements (nodes and edges,
	 * the body of a digraph) for `replay --format dot`.  Called between
	 * steps, with every thread parked: read live memory only. */
	void (*dot)(const struct model_args *a, char *buf, unsigned len);
};

void model_register(const struct model *m);
const struct model *model_find(const char *name);
/* Models sorted by name; returns the count. */
int model_all(const struct model *const **out);
int model_param_index(const struct model *m, const char *name);
int model_fix_index(const struct model *m, const char *name);
void model_default_args(const struct model *m, struct model_args *a);
/* The value a named parameter calls s (--fs ext2: 1), or -1 (also for a
 * parameter without names). */
int model_param_named_value(const struct model_param *mp, const char *s);
/* A parameter's value as the command line takes it: its name, or the
 * number written into buf (len bytes). */
const char *model_param_value_name(const struct model_param *mp, int v, char *buf, size_t len);

#define MODEL_REGISTER(m)                                                 \
	__attribute__((constructor)) static void model_register_##m(void) \
	{                                                                 \
		model_register(&(m));                                     \
	}

#endif
