/* linux/list.h: plain lists, see rt_list.h. */
#ifndef VFSRACE_LINUX_LIST_H
#define VFSRACE_LINUX_LIST_H

#include "../rt_list.h"

#endif
