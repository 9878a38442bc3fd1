/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel primitives the hit-path data structures (ring.c,
 * stacktab.c, agg.c, hitpath.c) use, so that the same files build into the
 * module and into host tests and benchmarks (tests/unit, tests/bench). In
 * the kernel this is the kernel's own; on the host, tests/host/kshim.h
 * gives the same with GCC's __atomic builtins and the same ordering.
 */
#ifndef HWBP_PORTABLE_H
#define HWBP_PORTABLE_H

#ifdef __KERNEL__
#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/barrier.h>
#else
/* Host builds (tests/unit, tests/bench): the same, from GCC builtins. */
#include "kshim.h"
#endif /* __KERNEL__ */

#endif /* HWBP_PORTABLE_H */
