/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwbp internals shared between the module's files.
 */
#ifndef HWBP_H
#define HWBP_H

#include <linux/types.h>
#include <linux/ratelimit.h>
#include <linux/hwbp.h>

#define HWBP_VERSION	"0.1.0"

struct perf_event;
struct perf_sample_data;
struct pt_regs;

/**
 * struct hwbp_refusal - why a request was refused, for the caller to print
 * @reason:	HWBP_R_*
 * @cpu:	CPU the reason is about, or -1
 * @arg:	number the reason is about
 */
struct hwbp_refusal {
	u32 reason;
	s32 cpu;
	u64 arg;
};

/**
 * struct hwbp_wp - one armed watch
 * @id:		id shown to the user, key in the watch table
 * @type:	HWBP_TYPE_*
 * @len:	bytes watched
 * @flags:	HWBP_WATCH_*
 * @addr:	address watched
 * @target:	the target as the user gave it ("" for a raw address)
 * @events:	this watch's breakpoint on each CPU, NULL where not armed
 * @hits:	per-CPU hit counters; each CPU increments only its own, from
 *		the breakpoint handler with interrupts off, so no lock is needed
 *		and the sum over CPUs is exact
 * @rs:		ratelimit for HWBP_WATCH_LOG; __ratelimit() only trylocks,
 *		which is safe in #DB context
 *
 * Lifetime: created and destroyed under hwbp_watches_lock. The breakpoint
 * handler reaches the watch only through its perf events' context pointer,
 * and the watch is freed only after every event is released, which waits
 * for handlers in flight.
 */
struct hwbp_wp {
	u32 id;
	u32 type;
	u32 len;
	u32 flags;
	u64 addr;
	char target[HWBP_TARGET_MAX];
	struct perf_event * __percpu *events;
	u64 __percpu *hits;
	struct ratelimit_state rs;
};

/* sym.c */
int hwbp_sym_init(void);
int hwbp_sym_resolve(const char *target, u64 *addr, u64 *size, u64 *off,
		     struct hwbp_refusal *why);

/* hit.c */
void hwbp_hit(struct perf_event *bp, struct perf_sample_data *data,
	      struct pt_regs *regs);
u64 hwbp_hits_total(const struct hwbp_wp *wp);

/* watch.c */
extern unsigned int hwbp_max_watches;
int hwbp_watch_add(struct hwbp_watch *req, struct hwbp_refusal *why);
int hwbp_watch_del(u32 id);
void hwbp_watch_del_all(void);
int hwbp_watch_list(struct hwbp_list *req);
u32 hwbp_watch_count(void);

/* dev.c */
int hwbp_dev_init(void);
void hwbp_dev_exit(void);

#endif /* HWBP_H */
