/*
 * rt_frame.h - the port's shadow call stack.
 *
 * Every ported function opens with RT_FRAME(): it pushes the function's
 * name on the running thread's shadow stack, and the compiler pops it when
 * the function returns (the cleanup attribute), however it returns.  A
 * thread that dies of an Oops unwinds past its frames with siglongjmp; its
 * stack is reset when it starts again.  The runtime copies the stack into
 * a trace at every step and at every report, so a report names how each
 * thread got where it is, as KASAN's and KCSAN's call traces do, without
 * anything reconstructing it afterwards.
 *
 * A push is two stores into the thread's own struct: cheap enough to stay
 * on while the explorer runs millions of executions.
 */
#ifndef VFSRACE_RT_FRAME_H
#define VFSRACE_RT_FRAME_H

#define RT_MAX_FRAMES 24

/* Where a frame comes from in 2.4.26, once a trace resolved it; file NULL:
 * unknown (model code, or not resolved). */
struct rt_kloc {
	const char *file; /* "fs/dcache.c" */
	int line;
	int approximate; /* the port line has no exact counterpart */
};

struct rt_frame {
	const char *func; /* the ported function: its 2.4.26 name */
	const char *file; /* the port file it is defined in (__FILE__) */
	int line;	  /* the frame's current line: its last step's, or, once a
			   * trace resolved it, the call of the next frame */
	struct rt_kloc k;
};

/* f[0] is the outermost frame (the thread's function), f[depth-1] the
 * innermost; depth counts frames beyond RT_MAX_FRAMES but only the first
 * RT_MAX_FRAMES are kept. */
struct rt_stack {
	unsigned depth;
	struct rt_frame f[RT_MAX_FRAMES];
};

static inline unsigned rt_stack_frames(const struct rt_stack *s)
{
	return s->depth < RT_MAX_FRAMES ? s->depth : RT_MAX_FRAMES;
}

/* Push func; returns the depth to pop back to. */
unsigned rt_frame_enter(const char *func, const char *file, int line);
void rt_frame_leave(const unsigned *depth);

#define RT_FRAME()                                                                        \
	const unsigned rt_frame_depth_ __attribute__((cleanup(rt_frame_leave), unused)) = \
	    rt_frame_enter(__func__, __FILE__, __LINE__)

#endif
